using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary>
/// The built <c>cpqsync</c> killed with SIGKILL in the middle of a backfill, then run again on the same store: it
/// finishes the work, and Stripe holds each customer, product, price and schedule once.
/// </summary>
public sealed class KillAndRestartTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_backfill_killed_midway_and_run_again_syncs_every_order_once()
    {
        await using var sandbox = await SandboxPair.StartAsync("scale:60");
        using (var first = CpqSyncProcess.Start(sandbox.Variables, sandbox.Directory.FullName, "backfill"))
        {
            await WaitForSchedulesAsync(sandbox, first, atLeast: 5);
            Assert.False(first.HasExited, "the first backfill finished before it could be killed:\n" + first.Output + first.Error);
            await first.KillAsync();
        }

        using var second = CpqSyncProcess.Start(sandbox.Variables, sandbox.Directory.FullName, "backfill");
        var exitCode = await second.WaitForExitAsync(Generous);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{second.Output}\n{second.Error}");
        Assert.Contains("Backfill finished", second.Output, StringComparison.Ordinal);
        Assert.Contains("resumed", second.Output, StringComparison.Ordinal);
        BackfillCommandTests.AssertEveryActivatedOrderSynced(sandbox);
        await BackfillCommandTests.AssertNoDuplicatesAsync(sandbox);
    }

    private static async Task WaitForSchedulesAsync(SandboxPair sandbox, CpqSyncProcess process, int atLeast)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (!process.HasExited && await sandbox.StripeObjects.CountAsync("subscription_schedules") < atLeast)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }
}
