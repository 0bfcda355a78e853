using CpqSync.Engine.Sync;
using CpqSync.Hosting;

namespace CpqSync.Cli;

/// <summary>The connection <c>sync</c>, <c>backfill</c> and <c>demo</c> run with.</summary>
internal static class CommandConnection
{
    /// <summary>
    /// Opens the host's connection (created and given the settings' credentials on first run), then reloads it as the
    /// engine runs it: filter values typed against the org, so a date filter compares as a date.
    /// </summary>
    public static async Task<EngineConnection> OpenAsync(CommandHost host, CancellationToken cancellationToken)
    {
        var opened = await host.OpenConnectionAsync(cancellationToken);
        return await ConnectionBootstrap.LoadEngineConnectionAsync(host.Services, opened.Id, cancellationToken);
    }
}
