using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Runs the connection's queue with the <see cref="SyncWorker"/> until the host stops, reloading the connection's
/// document before each pass so an edited mapping or retention applies to the next orders.
/// </summary>
public sealed class SyncWorkerService(
    SyncWorker worker, RunningConnection connection, ConnectionDocumentStore documents, IConfiguration configuration) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => worker.RunAsync(LoadAsync, stoppingToken);

    private async Task<EngineConnection> LoadAsync(CancellationToken cancellationToken)
    {
        var id = connection.Current.Id;
        var stored = await documents.LoadAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"Connection {id} no longer exists in the store.");
        return stored.Document.ToEngineConnection(id, ConnectionBootstrap.IsStripeTestMode(configuration));
    }
}
