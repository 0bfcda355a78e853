namespace CpqSync.Engine.Sync;

/// <summary>What one pass of the worker over the queue did.</summary>
/// <param name="Succeeded">Orders synced (or already in sync).</param>
/// <param name="Failed">Orders that failed for good (data to fix): their Error Sync Records say why; nothing to retry.</param>
/// <param name="Retried">Failed attempts scheduled for a retry.</param>
/// <param name="Parked">Orders parked after their last attempt, waiting for "retry all failed".</param>
/// <param name="LeaseLost">Orders whose lease went to another worker before this one finished.</param>
public sealed record SyncWorkerPass(int Succeeded, int Failed, int Retried, int Parked, int LeaseLost)
{
    public static SyncWorkerPass Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Orders found as their last completed sync left them: nothing done, counted neither synced nor failed.</summary>
    public int Unchanged { get; init; }

    /// <summary>Work items this pass finished or gave back.</summary>
    public int Processed => Succeeded + Unchanged + Failed + Retried + Parked + LeaseLost;

    public static SyncWorkerPass operator +(SyncWorkerPass a, SyncWorkerPass b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Succeeded + b.Succeeded, a.Failed + b.Failed, a.Retried + b.Retried, a.Parked + b.Parked, a.LeaseLost + b.LeaseLost)
        {
            Unchanged = a.Unchanged + b.Unchanged,
        };
    }
}
