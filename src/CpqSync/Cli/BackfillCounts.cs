namespace CpqSync.Cli;

/// <summary>Where a backfill stands, as the progress display and the summary show it.</summary>
/// <param name="Total">Orders matching the preferences (known once they are listed; 0 before).</param>
/// <param name="Succeeded">Orders synced, or with nothing to do.</param>
/// <param name="Failed">Orders whose sync failed for good (their Sync Records name why).</param>
/// <param name="Parked">Orders that failed transiently on every attempt, waiting for "retry all failed".</param>
public sealed record BackfillCounts(int Total, int Queued, int Succeeded, int Failed, int Parked, double OrdersPerSecond)
{
    public int Done => Succeeded + Failed + Parked;
}
