namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    private IWebUserStore Users => Backend.Users;

    [Fact]
    public async Task The_first_run_creates_one_admin_and_then_no_other_first_admin()
    {
        Assert.False(await Users.AnyUserAsync(CancellationToken.None));

        var admin = await Users.CreateFirstAdminAsync("Ada", "hash-1", CancellationToken.None);
        var second = await Users.CreateFirstAdminAsync("Mallory", "hash-2", CancellationToken.None);

        Assert.NotNull(admin);
        Assert.Equal(("Ada", WebRole.Admin, Time.GetUtcNow()), (admin.UserName, admin.Role, admin.CreatedAt));
        Assert.Null(second);
        Assert.True(await Users.AnyUserAsync(CancellationToken.None));
        Assert.Equal(["Ada"], (await Users.ListUsersAsync(CancellationToken.None)).Select(u => u.UserName));
    }

    [Fact]
    public async Task First_runs_racing_each_other_create_exactly_one_admin()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(
            i => Task.Run(() => Users.CreateFirstAdminAsync($"admin{i}", "hash", CancellationToken.None))));

        Assert.Single(attempts, a => a is not null);
        Assert.Single(await Users.ListUsersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Accounts_are_found_by_name_ignoring_case_and_names_are_unique_ignoring_case()
    {
        await Users.CreateFirstAdminAsync("Ada", "hash-admin", CancellationToken.None);
        var reader = await Users.CreateUserAsync(new NewWebUser("Grace.Hopper", "hash-reader", WebRole.ReadOnly), CancellationToken.None);

        var found = await Users.FindUserAsync("grace.hopper", CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<DuplicateWebUserException>(
            () => Users.CreateUserAsync(new NewWebUser("GRACE.HOPPER", "other", WebRole.Admin), CancellationToken.None));

        Assert.Equal(reader, found);
        Assert.Equal(reader, await Users.GetUserAsync(reader.Id, CancellationToken.None));
        Assert.Equal(WebRole.ReadOnly, found!.Role);
        Assert.Equal("An account named 'GRACE.HOPPER' already exists.", duplicate.Message);
        Assert.Null(await Users.FindUserAsync("nobody", CancellationToken.None));
        Assert.Equal(["Ada", "Grace.Hopper"], (await Users.ListUsersAsync(CancellationToken.None)).Select(u => u.UserName));
    }

    [Fact]
    public async Task A_password_hash_can_be_replaced()
    {
        var admin = await Users.CreateFirstAdminAsync("Ada", "old-hash", CancellationToken.None);

        Assert.True(await Users.SetPasswordHashAsync(admin!.Id, "new-hash", CancellationToken.None));
        Assert.False(await Users.SetPasswordHashAsync(Guid.NewGuid(), "new-hash", CancellationToken.None));
        Assert.Equal("new-hash", (await Users.FindUserAsync("ada", CancellationToken.None))!.PasswordHash);
    }

    [Fact]
    public async Task A_session_lives_until_it_is_ended_or_expires_and_renewing_moves_its_expiry()
    {
        var admin = await Users.CreateFirstAdminAsync("Ada", "hash", CancellationToken.None);
        await Users.CreateSessionAsync(new WebSession("s1", admin!.Id, new byte[] { 1, 2, 3 }, Time.GetUtcNow().AddHours(8)), CancellationToken.None);
        await Users.CreateSessionAsync(new WebSession("s2", admin.Id, new byte[] { 4 }, Time.GetUtcNow().AddHours(1)), CancellationToken.None);

        var found = await Users.GetSessionAsync("s1", CancellationToken.None);
        Assert.Equal((admin.Id, Time.GetUtcNow().AddHours(8)), (found!.UserId, found.ExpiresAt));
        Assert.Equal([1, 2, 3], found.Ticket.ToArray());
        Assert.True(await Users.RenewSessionAsync("s2", new byte[] { 5 }, Time.GetUtcNow().AddHours(2), CancellationToken.None));

        Time.Advance(TimeSpan.FromHours(2));
        Assert.Null(await Users.GetSessionAsync("s2", CancellationToken.None));
        Assert.False(await Users.RenewSessionAsync("s2", new byte[] { 6 }, Time.GetUtcNow().AddHours(2), CancellationToken.None));
        await Users.EndSessionAsync("s1", CancellationToken.None);
        Assert.Null(await Users.GetSessionAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task Ending_an_accounts_sessions_keeps_the_one_named_and_other_accounts_sessions()
    {
        var admin = await Users.CreateFirstAdminAsync("Ada", "hash", CancellationToken.None);
        var reader = await Users.CreateUserAsync(new NewWebUser("Grace", "hash", WebRole.ReadOnly), CancellationToken.None);
        var expiry = Time.GetUtcNow().AddHours(8);
        foreach (var (id, user) in new[] { ("a1", admin!.Id), ("a2", admin.Id), ("a3", admin.Id), ("g1", reader.Id) })
        {
            await Users.CreateSessionAsync(new WebSession(id, user, new byte[] { 1 }, expiry), CancellationToken.None);
        }

        Assert.Equal(2, await Users.EndUserSessionsAsync(admin.Id, "a2", CancellationToken.None));

        Assert.Null(await Users.GetSessionAsync("a1", CancellationToken.None));
        Assert.NotNull(await Users.GetSessionAsync("a2", CancellationToken.None));
        Assert.NotNull(await Users.GetSessionAsync("g1", CancellationToken.None));
        Assert.Equal(1, await Users.EndUserSessionsAsync(admin.Id, null, CancellationToken.None));
    }

    [Fact]
    public async Task Removing_an_account_ends_its_sessions_but_the_last_admin_stays()
    {
        var admin = await Users.CreateFirstAdminAsync("Ada", "hash", CancellationToken.None);
        var second = await Users.CreateUserAsync(new NewWebUser("Grace", "hash", WebRole.Admin), CancellationToken.None);
        var reader = await Users.CreateUserAsync(new NewWebUser("Linus", "hash", WebRole.ReadOnly), CancellationToken.None);
        await Users.CreateSessionAsync(new WebSession("l1", reader.Id, new byte[] { 1 }, Time.GetUtcNow().AddHours(8)), CancellationToken.None);
        await Users.CreateSessionAsync(new WebSession("a1", admin!.Id, new byte[] { 1 }, Time.GetUtcNow().AddHours(8)), CancellationToken.None);

        Assert.Equal(WebUserRemoval.Removed, await Users.RemoveUserAsync(reader.Id, CancellationToken.None));
        Assert.Null(await Users.GetSessionAsync("l1", CancellationToken.None));
        Assert.Equal(WebUserRemoval.NotFound, await Users.RemoveUserAsync(reader.Id, CancellationToken.None));
        Assert.Equal(WebUserRemoval.Removed, await Users.RemoveUserAsync(second.Id, CancellationToken.None));
        Assert.Equal(WebUserRemoval.LastAdmin, await Users.RemoveUserAsync(admin.Id, CancellationToken.None));

        Assert.Equal(["Ada"], (await Users.ListUsersAsync(CancellationToken.None)).Select(u => u.UserName));
        Assert.NotNull(await Users.GetSessionAsync("a1", CancellationToken.None));
    }
}
