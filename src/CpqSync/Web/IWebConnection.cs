using CpqSync.Engine.Sync;

namespace CpqSync.Web;

/// <summary>
/// The connection the web app shows and acts on, as the host runs it: its current document (reloaded on every call,
/// so edits apply at once) and its live-sync switch.
/// </summary>
public interface IWebConnection
{
    /// <summary>The connection, or <see langword="null"/> before one exists (setup has not run).</summary>
    Task<EngineConnection?> GetAsync(CancellationToken cancellationToken);

    Task<bool> IsLiveSyncOnAsync(CancellationToken cancellationToken);

    /// <summary>Turns live sync on or off; the poller reads it before its next poll.</summary>
    Task SetLiveSyncAsync(bool on, CancellationToken cancellationToken);
}
