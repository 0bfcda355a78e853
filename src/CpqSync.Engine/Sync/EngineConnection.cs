using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Sync;

/// <summary>
/// One Salesforce org paired with one Stripe account, as the engine runs it: the connection's id in the store and
/// what its configuration document says (mappings, which records sync, how Sync Records are kept).
/// </summary>
/// <remarks>
/// Loaded from the store before each run (<see cref="ConnectionPreparer.LoadAsync"/>), so an edited document applies to
/// the next sync.
/// </remarks>
public sealed record EngineConnection(
    Guid Id,
    SyncConfiguration Configuration,
    SyncPreferences Preferences,
    SyncRecordPreferences SyncRecords)
{
    /// <summary>
    /// Whether <see cref="ConnectionPreparer"/> prepared it for a pass (filter values typed, instance URL filled in): the
    /// stages below the pass then run it as it is.
    /// </summary>
    public bool IsPrepared { get; init; }

    /// <summary>
    /// The version of the stored document it was loaded from (<see cref="ConnectionPreparer.LoadAsync"/>), or null when it
    /// was not loaded from the store: the worker's loop stops leasing into a pass once the document was saved again, so an
    /// edit applies to every order leased after it.
    /// </summary>
    public long? DocumentVersion { get; init; }
}
