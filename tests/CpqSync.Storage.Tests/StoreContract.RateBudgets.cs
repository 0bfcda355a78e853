namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task A_rate_budget_starts_full_grants_what_it_holds_and_refills_with_time()
    {
        var budgets = Backend.RateBudgets;

        Assert.Equal(10, await budgets.ClaimAsync("stripe:acct", 10, perSecond: 20, capacity: 10, CancellationToken.None));
        Assert.Equal(0, await budgets.ClaimAsync("stripe:acct", 10, perSecond: 20, capacity: 10, CancellationToken.None));

        Time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(5, await budgets.ClaimAsync("stripe:acct", 10, perSecond: 20, capacity: 10, CancellationToken.None));

        // Never more than its capacity, however long it rested; other budgets are apart.
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, await budgets.ClaimAsync("stripe:acct", 50, perSecond: 20, capacity: 10, CancellationToken.None));
        Assert.Equal(3, await budgets.ClaimAsync("stripe:other", 3, perSecond: 20, capacity: 10, CancellationToken.None));
    }

    [Fact]
    public async Task Claims_from_two_processes_at_once_never_grant_more_than_the_budget()
    {
        var other = Open(Options);

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Backend : other).RateBudgets.ClaimAsync("stripe:shared", 3, perSecond: 1, capacity: 30, CancellationToken.None)));

        Assert.Equal(30, claims.Sum());
    }
}
