using CpqSync.Storage;
using CpqSync.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests;

/// <summary>End to end: <c>serve --sandbox</c> notices an order activated in Salesforce and syncs it to Stripe.</summary>
public sealed class LiveSyncTests : IDisposable
{
    private const string AcmeDraft = "Acme draft: analytics";

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-live-");

    [Fact]
    public async Task An_order_activated_in_salesforce_is_synced_by_live_sync()
    {
        await using var serve = await ServeRun.StartSandboxAsync(_workingDirectory);
        var orderId = (await SandboxApi.OrdersAsync(serve.Sandbox!))[AcmeDraft];
        var monitor = serve.Services.GetRequiredService<ISyncMonitor>();

        await SandboxApi.ActivateOrderAsync(serve.Sandbox!, orderId);

        var outcome = await WaitForOutcomeAsync(monitor, serve.Connection.Id, orderId, TimeSpan.FromMinutes(3));
        Assert.True(outcome.Status == SyncStatus.Success, $"{outcome.Status}: {outcome.ErrorCode} {outcome.Message}");
        Assert.Contains(outcome.StripeIds, id => id.StartsWith("sub_sched_", StringComparison.Ordinal));
    }

    /// <summary>The first outcome logged for the order (the worker runs in the background).</summary>
    private static async Task<SyncOutcomeEntry> WaitForOutcomeAsync(ISyncMonitor monitor, Guid connectionId, string orderId, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var outcomes = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(ConnectionId: connectionId, RecordId: orderId), CancellationToken.None);
            if (outcomes.Count > 0)
            {
                return outcomes[^1];
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var queue = await monitor.GetQueueSummaryAsync(connectionId, CancellationToken.None);
                throw new TimeoutException($"Order {orderId} was not synced within {within}; queue: {queue}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
