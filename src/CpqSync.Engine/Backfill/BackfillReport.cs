namespace CpqSync.Engine.Backfill;

/// <summary>What a backfill did, once every order it queued has finished (or is parked).</summary>
/// <param name="Total">Orders matching the preferences when the backfill started.</param>
/// <param name="Queued">Orders this run queued; fewer than <paramref name="Total"/> when it resumed a killed backfill.</param>
/// <param name="Resumed">Whether it resumed a backfill that had stopped part-way.</param>
/// <param name="Retried">Failed attempts that were retried.</param>
/// <param name="SalesforceCalls">Salesforce API requests, paging and every order's sync included.</param>
/// <param name="StripeCalls">Stripe API requests, retries included.</param>
public sealed record BackfillReport(
    int Total,
    int Queued,
    bool Resumed,
    int Succeeded,
    int Failed,
    int Parked,
    int Retried,
    int SalesforceCalls,
    int StripeCalls,
    TimeSpan Duration)
{
    /// <summary>
    /// Orders that read as their last completed sync left them (synced before, or by another backfill on the same
    /// store): finished without work, so counted neither in <see cref="Succeeded"/> nor in <see cref="Failed"/>.
    /// </summary>
    public int Unchanged { get; init; }

    /// <summary>Finished orders per second.</summary>
    public double OrdersPerSecond => Duration > TimeSpan.Zero ? (Succeeded + Unchanged + Failed + Parked) / Duration.TotalSeconds : 0;

    /// <summary>Every order synced: nothing failed or parked.</summary>
    public bool AllSucceeded => Failed == 0 && Parked == 0;
}
