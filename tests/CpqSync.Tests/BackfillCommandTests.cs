using System.Text.Json.Nodes;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync backfill</c> through the host's entry point, against sandboxes of its own.</summary>
public sealed class BackfillCommandTests
{
    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData("01/02/2026")]
    public async Task A_bad_since_date_is_one_line_and_exit_code_2(string since)
    {
        await using var sandbox = await SandboxPair.StartAsync("scale:0");

        var result = await CliRun.InvokeAsync(["backfill", "--since", since], sandbox.Variables, sandbox.Directory.FullName);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains("--since", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backfilling_the_demo_org_prints_progress_lines_and_a_summary_naming_the_failed_orders()
    {
        await using var sandbox = await SandboxPair.StartAsync("demo");

        var result = await CliRun.InvokeAsync(["backfill"], sandbox.Variables, sandbox.Directory.FullName);

        // The demo org holds orders that must fail: the backfill reports them and exits 1.
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"backfill: \d+/\d+ orders done", result.Output);
        Assert.Matches(@"Backfill finished: \d+ orders: \d+ synced, [1-9]\d* failed", result.Output);
        Assert.Contains("QUANTITY_NOT_INTEGER", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", result.Output, StringComparison.Ordinal);
        Assert.NotEmpty(await sandbox.StripeObjects.ListAsync("subscription_schedules"));
    }

    [Fact]
    public async Task Backfill_with_json_prints_the_summary_as_json()
    {
        await using var sandbox = await SandboxPair.StartAsync("scale:10");

        var result = await CliRun.InvokeAsync(["backfill", "--json"], sandbox.Variables, sandbox.Directory.FullName);

        var summary = JsonNode.Parse(result.Output)!;
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(ActivatedOrders(sandbox), (int)summary["total"]!);
        Assert.Equal(ActivatedOrders(sandbox), (int)summary["succeeded"]!);
        Assert.Equal(0, (int)summary["failed"]!);
        Assert.Empty(summary["failures"]!.AsArray());
    }

    [Fact]
    public async Task A_backfill_through_rate_limits_server_errors_and_an_expired_session_loses_nothing()
    {
        await using var sandbox = await SandboxPair.StartAsync("scale:40");
        sandbox.Salesforce.Faults.ErrorRate = 0.05;
        using var stop = new CancellationTokenSource();
        var expireOnce = FaultMidwayAsync(sandbox, stop.Token);

        var result = await CliRun.InvokeAsync(["backfill"], sandbox.Variables, sandbox.Directory.FullName);
        await stop.CancelAsync();
        var expired = await expireOnce;

        Assert.True(result.ExitCode == 0, result.All);
        Assert.True(expired, "the session should have been expired while the backfill ran");
        AssertEveryActivatedOrderSynced(sandbox);
        await AssertNoDuplicatesAsync(sandbox);
    }

    [Fact]
    public async Task A_backfill_creates_each_price_book_entry_price_once()
    {
        await using var sandbox = await SandboxPair.StartAsync("scale:40");

        var result = await CliRun.InvokeAsync(["backfill"], sandbox.Variables, sandbox.Directory.FullName);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(await sandbox.StripeObjects.DuplicatesAsync("prices"));
    }

    internal static int ActivatedOrders(SandboxPair sandbox) =>
        sandbox.Salesforce.Org.Records("Order", includeDeleted: false).Count(r => (string?)r["Status"] == "Activated");

    /// <summary>Each activated order holds the id of its own Stripe schedule, subscription or invoice, written back by its sync.</summary>
    internal static void AssertEveryActivatedOrderSynced(SandboxPair sandbox)
    {
        var activated = sandbox.Salesforce.Org.Records("Order", includeDeleted: false).Where(r => (string?)r["Status"] == "Activated").ToList();
        var unsynced = activated.Where(r => string.IsNullOrEmpty(r["Stripe_ID__c"] as string)).Select(r => r.Id).ToList();
        Assert.True(unsynced.Count == 0, $"{unsynced.Count} of {activated.Count} activated orders have no Stripe id: {string.Join(", ", unsynced.Take(10))}");
        Assert.Equal(activated.Count, activated.Select(r => (string)r["Stripe_ID__c"]!).Distinct(StringComparer.Ordinal).Count());
    }

    internal static async Task AssertNoDuplicatesAsync(SandboxPair sandbox)
    {
        // Prices are left out until the engine stops creating a price book entry's price twice: see the skipped test below.
        foreach (var resource in new[] { "customers", "products", "subscription_schedules" })
        {
            Assert.Empty(await sandbox.StripeObjects.DuplicatesAsync(resource));
        }
    }

    /// <summary>
    /// Once the first Stripe customer exists (the backfill is running), ends every Salesforce session and makes Stripe
    /// answer the next requests with 429s and 500s. Set only then: this loop's own Stripe reads would take them otherwise.
    /// </summary>
    private static async Task<bool> FaultMidwayAsync(SandboxPair sandbox, CancellationToken cancellationToken)
    {
        try
        {
            while ((await sandbox.StripeObjects.CountAsync("customers")) == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }

            sandbox.Salesforce.Faults.ExpireSessions();
            sandbox.Stripe.Faults.Update(f =>
            {
                f.RateLimitNextRequests = 6;
                f.FailNextRequests = 4;
            });
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
