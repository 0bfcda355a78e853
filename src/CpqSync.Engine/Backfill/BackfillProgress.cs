namespace CpqSync.Engine.Backfill;

/// <summary>Where a backfill stands, reported after each page queued and each order finished.</summary>
/// <param name="Total">Orders matching the preferences (counted when the backfill started).</param>
/// <param name="Queued">Orders this run queued (a resumed backfill counts only what it queued after resuming).</param>
/// <param name="Succeeded">Orders synced.</param>
/// <param name="Failed">Orders that failed for good (their Error Sync Records say why).</param>
/// <param name="Parked">Orders parked after their last attempt.</param>
/// <param name="OrdersPerSecond">Finished orders per second since the backfill started.</param>
public sealed record BackfillProgress(int Total, int Queued, int Succeeded, int Failed, int Parked, double OrdersPerSecond)
{
    /// <summary>Orders found as their last completed sync left them (no work done, see <see cref="BackfillReport.Unchanged"/>).</summary>
    public int Unchanged { get; init; }

    public int Finished => Succeeded + Unchanged + Failed + Parked;
}
