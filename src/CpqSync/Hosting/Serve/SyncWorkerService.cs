using CpqSync.Engine.Sync;
using Microsoft.Extensions.Hosting;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Runs the connection's queue with the <see cref="SyncWorker"/> until the host stops, reloading the connection's
/// document before each pass so an edited mapping or retention applies to the next orders.
/// </summary>
public sealed class SyncWorkerService(SyncWorker worker, RunningConnection connection, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        worker.RunAsync(cancellationToken => ConnectionBootstrap.LoadEngineConnectionAsync(services, connection.Current.Id, cancellationToken), stoppingToken);
}
