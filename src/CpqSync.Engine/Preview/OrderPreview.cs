using CpqSync.Core.Planning;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.Preview;

/// <summary>What syncing an order would do: the plan (or the catalogue errors that stop it) and the snapshot it came from.</summary>
/// <param name="Snapshot">The snapshot planned, with any Stripe id recovered by metadata set on its records.</param>
public sealed record OrderPreview(OrderSnapshot Snapshot, PlanResult Result)
{
    /// <summary>Stripe API calls (reads only) the preview took.</summary>
    public int StripeCalls { get; init; }
}
