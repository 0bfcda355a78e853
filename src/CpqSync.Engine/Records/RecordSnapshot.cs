using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.Records;

/// <summary>What Salesforce holds for a manual record sync, with the records it will sync and the ids it will not.</summary>
/// <param name="Target">The target with every id as Salesforce spells it (18 characters).</param>
/// <param name="Records">The target records and what planning them needs: products, price books with their entries,
/// consumption schedules and rates.</param>
/// <param name="Primary">The records that sync, each with its own plan and Sync Record: the products, the price book
/// entries (a price book's active ones) or the account.</param>
/// <param name="Missing">Ids the integration user cannot see, or that are not of the target's kind, as given.</param>
/// <param name="FilteredOut">Named records the connection's Product2, PricebookEntry or Account filters exclude.</param>
/// <param name="SalesforceCalls">Salesforce API calls the read took.</param>
public sealed record RecordSnapshot(
    RecordSyncTarget Target,
    RecordSet Records,
    IReadOnlyList<SfRecord> Primary,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> FilteredOut,
    int SalesforceCalls)
{
    /// <summary>The Stripe ids written back to these records, for the engine to look up in Stripe.</summary>
    public StripeReferences StripeIds => StripeReferences.From(Records);

    /// <summary>The planner's input for one primary record.</summary>
    public RecordSyncInput ToInput(SfRecord primary, StripeState stripe, SyncConfiguration configuration, DateTimeOffset now) =>
        new(Records, new RecordSyncTarget(Target.Kind, [primary.Id]), stripe, configuration, now);
}
