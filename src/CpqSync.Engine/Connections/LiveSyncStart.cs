using CpqSync.Engine.Filters;

namespace CpqSync.Engine.Connections;

/// <summary>
/// Turning live sync on for the first time is a decision about history: sync from a start date (today by default), or
/// everything activated since an earlier date, once the admin has seen how many orders that is. The choice is the
/// document's start date, so turning live sync off and on again does not ask again.
/// </summary>
public static class LiveSyncStart
{
    /// <summary>Whether turning live sync on must first ask where it starts: the preferences have no start date yet.</summary>
    public static bool NeedsDecision(SyncPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        return preferences.StartDate is null;
    }

    /// <summary>The default start date: today in the connection's time zone (its <c>settings.time_zone</c>).</summary>
    public static DateOnly Today(ConnectionDocument document, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), document.Mappings.Settings.TimeZone).DateTime);
    }

    /// <summary>The document with live sync on from <paramref name="startDate"/>.</summary>
    public static ConnectionDocument TurnOn(ConnectionDocument document, DateOnly startDate)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document with { LiveSync = true, Preferences = document.Preferences with { StartDate = startDate } };
    }
}
