using CpqSync.Engine.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Runs the connection's queue with the <see cref="SyncWorker"/> until the host stops, reloading the connection's
/// document before each pass so an edited mapping or retention applies to the next orders. While credentials are
/// missing it waits quietly (one log line) until the wizard or a reload gives them.
/// </summary>
public sealed partial class SyncWorkerService(
    SyncWorker worker, RunningConnection connection, ConnectionCredentials credentials, IServiceProvider services, ILogger<SyncWorkerService> logger)
    : BackgroundService
{
    private bool _waitLogged;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        worker.RunAsync(LoadAsync, stoppingToken);

    private async Task<EngineConnection> LoadAsync(CancellationToken cancellationToken)
    {
        if (!credentials.Complete)
        {
            if (!_waitLogged)
            {
                LogWaiting(logger, string.Join(", ", credentials.Missing));
                _waitLogged = true;
            }

            await credentials.WaitUntilCompleteAsync(cancellationToken);
            LogCredentialsGiven(logger);
        }

        _waitLogged = false;
        return await ConnectionBootstrap.LoadEngineConnectionAsync(services, connection.Current.Id, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sync worker waiting for credentials ({Missing}); connect in the set-up wizard")]
    private static partial void LogWaiting(ILogger logger, string missing);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credentials given; the sync worker starts")]
    private static partial void LogCredentialsGiven(ILogger logger);
}
