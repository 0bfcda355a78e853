using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Engine.WriteBack;
using CpqSync.Hosting;
using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Cli;

/// <summary>The connection <c>sync</c>, <c>backfill</c> and <c>demo</c> run: the store's <c>default</c> connection.</summary>
internal static class CommandConnection
{
    private const string Name = "default";

    /// <summary>
    /// Brings the store's schema up to date and returns its <c>default</c> connection (created on first use) with the
    /// mappings of <see cref="CommandHost.SyncConfiguration"/> and default preferences.
    /// </summary>
    /// <remarks>Stands in for the host's connection bootstrap (stored preferences and credentials) until it lands.</remarks>
    public static async Task<EngineConnection> OpenAsync(CommandHost host, CancellationToken cancellationToken)
    {
        await host.Services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        var store = host.Services.GetRequiredService<ISyncStore>();
        var stored = (await store.ListConnectionsAsync(cancellationToken)).FirstOrDefault(c => c.Name == Name)
            ?? await store.CreateConnectionAsync(new NewSyncConnection(Name, null, null), cancellationToken);
        var testMode = StripeLinks.IsTestKey(host.Services.GetRequiredService<IOptions<StripeOptions>>().Value.ApiKey);
        return new EngineConnection(stored.Id, host.SyncConfiguration, new SyncPreferences(), new SyncRecordPreferences { StripeTestMode = testMode });
    }
}
