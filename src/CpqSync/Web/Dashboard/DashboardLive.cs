using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Web.Dashboard;

/// <summary>The parts of the dashboard that refresh on their own: sync state, queue, API usage, the last day's activity.</summary>
public sealed record DashboardLive(
    bool HasConnection,
    bool LiveSyncOn,
    QueueSummary Queue,
    ApiUsage? ApiUsage,
    IReadOnlyList<OutcomeBucket> Buckets,
    IReadOnlyList<ErrorCodeCount> Errors,
    DateTimeOffset From,
    DateTimeOffset To)
{
    /// <summary>The chart's span and resolution: the last day, hour by hour.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(24);

    public static TimeSpan BucketSize { get; } = TimeSpan.FromHours(1);

    /// <summary>The live sync mode that runs (change events or polling), the last event's lag and the last reconciliation; null while none runs.</summary>
    public Hosting.Serve.LiveSyncModeStatus? Mode { get; init; }

    public long Succeeded => Buckets.Sum(b => b.Success);

    public long Failed => Buckets.Sum(b => b.Error);

    public static async Task<DashboardLive> LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var monitor = services.GetRequiredService<ISyncMonitor>();
        var connections = services.GetRequiredService<IWebConnection>();
        var time = services.GetRequiredService<TimeProvider>();
        var connection = await connections.GetAsync(cancellationToken);
        var liveSync = connection is not null && await connections.IsLiveSyncOnAsync(cancellationToken);
        // The hour in progress is the chart's last bar.
        var to = Truncate(time.GetUtcNow(), BucketSize) + BucketSize;
        var from = to - Window;
        return new DashboardLive(
            connection is not null,
            liveSync,
            await monitor.GetQueueSummaryAsync(connection?.Id, cancellationToken),
            services.GetService<SalesforceClient>()?.ApiUsage,
            await monitor.GetOutcomeCountsAsync(connection?.Id, from, to, BucketSize, cancellationToken),
            await monitor.GetErrorCountsAsync(connection?.Id, from, to, cancellationToken),
            from,
            to)
        {
            Mode = liveSync ? services.GetService<Hosting.Serve.LiveSyncStatus>()?.Mode : null,
        };
    }

    private static DateTimeOffset Truncate(DateTimeOffset time, TimeSpan size) =>
        new(time.UtcTicks - (time.UtcTicks % size.Ticks), TimeSpan.Zero);
}
