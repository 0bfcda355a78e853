using CpqSync.Core.Planning;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.Preview;

/// <summary>What syncing an order would do: the plan (or the catalogue errors that stop it) and the snapshot it came from.</summary>
public sealed record OrderPreview(OrderSnapshot Snapshot, PlanResult Result);
