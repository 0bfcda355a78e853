using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Sync;

/// <summary>
/// One Salesforce org paired with one Stripe account, as the engine runs it: the connection's id in the store and
/// what its configuration document says (mappings, which records sync, how Sync Records are kept).
/// </summary>
/// <remarks>The host loads it from the store before each run, so an edited document applies to the next sync.</remarks>
public sealed record EngineConnection(
    Guid Id,
    SyncConfiguration Configuration,
    SyncPreferences Preferences,
    SyncRecordPreferences SyncRecords);
