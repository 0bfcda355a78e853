using CpqSync.Engine.Changes;

namespace CpqSync.Engine.Connections;

/// <summary>The connection document's names for the live sync modes (<c>preferences.live_sync_mode</c>).</summary>
public static class LiveSyncModeText
{
    public const string ChangeEvents = "change_events";

    public const string Polling = "polling";

    public static string Of(LiveSyncMode mode) => mode == LiveSyncMode.ChangeEvents ? ChangeEvents : Polling;
}
