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
}
