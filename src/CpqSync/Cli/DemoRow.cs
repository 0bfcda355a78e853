using CpqSync.Storage;

namespace CpqSync.Cli;

/// <summary>One demo order with how its sync ended (its latest outcome in the store, if any) and how it should have.</summary>
public sealed record DemoRow(string OrderId, string Scenario, DemoExpectation Expected, SyncOutcomeEntry? Outcome)
{
    /// <summary>What happened, in the words of <see cref="DemoExpectation.Describe"/>.</summary>
    public string Result => Outcome switch
    {
        null => "not synced",
        { Status: SyncStatus.Success or SyncStatus.Resolved } => "synced",
        { Status: SyncStatus.Skipped } => "skipped",
        { ErrorCode: { } code } => $"error {code}",
        _ => "error",
    };

    /// <summary>The order's own Stripe object (schedule, subscription or invoice) comes first in the outcome.</summary>
    public string? StripeId => Outcome?.StripeIds.FirstOrDefault();

    public bool AsExpected => Result == Expected.Describe();
}
