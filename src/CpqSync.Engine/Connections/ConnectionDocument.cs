using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Connections;

/// <summary>
/// A connection's configuration document as the store keeps it and <c>cpqsync config export</c> writes it: the
/// mappings plus the preferences (which records sync, live sync, Sync Record retention, polling interval).
/// Credentials are never part of it.
/// </summary>
public sealed record ConnectionDocument
{
    /// <summary>Sync Records kept per record unless the document says otherwise.</summary>
    public const int DefaultSyncRecordRetention = 20;

    /// <summary>Time between polls unless the document says otherwise: about 2,880 API calls a day on an idle org.</summary>
    public static TimeSpan DefaultPollingInterval { get; } = TimeSpan.FromSeconds(30);

    /// <summary>The shortest polling interval a document may ask for.</summary>
    public static TimeSpan MinPollingInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest polling interval a document may ask for.</summary>
    public static TimeSpan MaxPollingInterval { get; } = TimeSpan.FromHours(24);

    /// <summary>Time between reconciliation polls unless the document says otherwise.</summary>
    public static TimeSpan DefaultReconciliationInterval { get; } = TimeSpan.FromHours(1);

    /// <summary>Declared after the defaults it is built from: static initialisers run in order.</summary>
    public static ConnectionDocument Default { get; } = new();

    /// <summary>Field defaults, field mappings and settings (the <see cref="ConfigurationJson"/> sections).</summary>
    public SyncConfiguration Mappings { get; init; } = SyncConfiguration.Default;

    /// <summary>
    /// Start date and filters. Filter values are as the document holds them (text, numbers, booleans); they are
    /// typed against describe with <see cref="FilterValueTyping"/> before the filters are validated or compiled.
    /// </summary>
    public SyncPreferences Preferences { get; init; } = new();

    /// <summary>Whether changes sync as they happen. The default value is off, until someone has checked the setup.</summary>
    public bool LiveSync { get; init; }

    /// <summary>Sync Records kept per primary record, newest first. The default value is 20.</summary>
    public int SyncRecordRetention { get; init; } = DefaultSyncRecordRetention;

    /// <summary>Time between polls for changes. The default value is 30 seconds.</summary>
    public TimeSpan PollingInterval { get; init; } = DefaultPollingInterval;

    /// <summary>
    /// How live sync learns of changes (<c>live_sync_mode</c>: <c>change_events</c> or <c>polling</c>). The default
    /// value is <see langword="null"/>: change events where the org offers them, polling elsewhere.
    /// </summary>
    public Changes.LiveSyncMode? LiveSyncMode { get; init; }

    /// <summary>Time between reconciliation polls in either mode, which catch a missed change. The default value is 1 hour.</summary>
    public TimeSpan ReconciliationInterval { get; init; } = DefaultReconciliationInterval;

    /// <summary>
    /// What was last read from the org (<see cref="OrgFactsDetection"/>); null until the connection is first detected.
    /// Settings it implies are pre-filled into <see cref="Mappings"/> when detected, so the engine reads only the settings.
    /// </summary>
    public OrgFacts? Org { get; init; }

    /// <summary>The connection as the engine runs it.</summary>
    /// <param name="stripeTestMode">
    /// Whether the connection's Stripe key is a test-mode key: Dashboard links go to <c>/test/</c>, and unless the
    /// settings say otherwise each new customer gets its own test clock (docs/behaviour.md §2).
    /// </param>
    /// <param name="documentationLink">
    /// CpqSync's error reference as the install serves it (<see cref="SyncRecordPreferences.DocumentationLink"/>); the
    /// default address when <see langword="null"/>.
    /// </param>
    public EngineConnection ToEngineConnection(Guid id, bool stripeTestMode = false, string? documentationLink = null) =>
        new(id, Mappings with { Settings = Mappings.Settings with { StripeTestMode = stripeTestMode } }, Preferences,
            new SyncRecordPreferences
            {
                RetentionCount = SyncRecordRetention,
                StripeTestMode = stripeTestMode,
                DocumentationLink = documentationLink ?? Core.Errors.ErrorReference.DefaultUrl,
            });
}
