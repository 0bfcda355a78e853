using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;

namespace CpqSync.Web.Setup;

/// <summary>
/// What the wizard edits in the connection's configuration document: the mappings (step 2) and the preferences
/// (step 3). Filters are kept as the rows the user typed; they are typed against describe when validated.
/// </summary>
public sealed record SetupDocument
{
    public SyncConfiguration Mappings { get; init; } = SyncConfiguration.Default;

    public SetupPreferences Preferences { get; init; } = new();
}

/// <summary>Which records sync and how: step 3 of the wizard.</summary>
public sealed record SetupPreferences
{
    /// <summary>Orders activated before this day (UTC) do not sync. The default value is none.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>The default value is the single row <c>Order.Status = Activated</c>.</summary>
    public IReadOnlyList<FilterRow> Filters { get; init; } = [FilterRow.From(SyncPreferences.ActivatedOrders)];

    /// <summary>Sync Records kept per record, newest first. The default value is 20.</summary>
    public int SyncRecordRetention { get; init; } = 20;

    /// <summary>Time between polls for changes. The default value is 30 seconds.</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether changes sync as they happen. The default value is off, until the user has checked the setup.</summary>
    public bool LiveSync { get; init; }
}
