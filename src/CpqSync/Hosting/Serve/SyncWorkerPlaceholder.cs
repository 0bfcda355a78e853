using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Stands where the sync worker (wip/worker's <c>SyncWorker</c>) will run: until it is merged, queued orders wait in
/// the store. Says so once at start-up rather than letting the queue grow silently.
/// </summary>
public sealed partial class SyncWorkerPlaceholder(ILogger<SyncWorkerPlaceholder> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogNoWorker(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "This build has no sync worker yet: live sync queues changed orders, nothing syncs them to Stripe")]
    private static partial void LogNoWorker(ILogger logger);
}
