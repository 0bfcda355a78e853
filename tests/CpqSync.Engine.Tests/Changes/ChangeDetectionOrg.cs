using System.Text.Json.Nodes;
using CpqSync.Engine.Changes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Tests.Changes;

/// <summary>The demo org, a real SQLite store in a temporary folder, and one connection between them.</summary>
internal sealed class ChangeDetectionOrg : IAsyncDisposable
{
    private readonly string _folder;

    private ChangeDetectionOrg(DemoOrg org, StorageBackend storage, Guid connectionId, string folder)
    {
        Org = org;
        Storage = storage;
        ConnectionId = connectionId;
        _folder = folder;
    }

    public DemoOrg Org { get; }

    public StorageBackend Storage { get; }

    public ISyncStore Store => Storage.Store;

    public Guid ConnectionId { get; }

    public SalesforceClient Client => Org.Client;

    /// <summary>Salesforce's own count of API calls so far.</summary>
    public long ApiUsage => Org.Server.ApiUsage;

    public static async Task<ChangeDetectionOrg> StartAsync()
    {
        var org = await DemoOrg.StartAsync();
        var folder = Directory.CreateTempSubdirectory("cpqsync-changes-").FullName;
        var storage = SqliteStorage.Open(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" }, org.Time);
        await storage.Migrator.MigrateAsync(TestCancellation.Token);
        var connection = await storage.Store.CreateConnectionAsync(new NewSyncConnection("demo", null, null), TestCancellation.Token);
        return new ChangeDetectionOrg(org, storage, connection.Id, folder);
    }

    public async Task<ModstampChangeSource> SourceAsync(SyncPreferences? preferences = null, ChangePollingOptions? options = null)
    {
        var factory = new ChangeSourceFactory(Client, Store, Options.Create(options ?? new ChangePollingOptions()), Org.Time);
        return await factory.CreateAsync(ConnectionId, preferences ?? new SyncPreferences(), TestCancellation.Token);
    }

    /// <summary>
    /// Moves the engine's clock past the settle delay: what Salesforce stamped so far can no longer change with the same
    /// stamp, so the poller may skip it once read.
    /// </summary>
    public void LetChangesSettle() => Org.Time.Advance(TimeSpan.FromSeconds(10));

    /// <summary>A new activated order, copied from a seed order with one line.</summary>
    public async Task<string> NewActivatedOrderAsync(string description)
    {
        var orders = await Org.ActivatedOrdersAsync();
        return await OrderBuilder.CopyAsync(Client, orders["Stark: platform (valid initial order)"], 1, description);
    }

    /// <summary>A draft order (never activated).</summary>
    public async Task<string> NewDraftOrderAsync(string description)
    {
        var orders = await Org.ActivatedOrdersAsync();
        var template = await Client.RetrieveAsync("Order", orders["Stark: platform (valid initial order)"], ["AccountId", "Pricebook2Id", "CurrencyIsoCode", "EffectiveDate"], TestCancellation.Token);
        var order = new JsonObject
        {
            ["AccountId"] = template["AccountId"]!.DeepClone(),
            ["Pricebook2Id"] = template["Pricebook2Id"]!.DeepClone(),
            ["CurrencyIsoCode"] = template["CurrencyIsoCode"]!.DeepClone(),
            ["EffectiveDate"] = template["EffectiveDate"]!.DeepClone(),
            ["Status"] = "Draft",
            ["Description"] = description,
        };
        return (await Client.CreateAsync("Order", order, TestCancellation.Token)).Id!;
    }

    /// <summary>The ids of the orders waiting in the queue, leased and completed so the queue is empty afterwards.</summary>
    public async Task<IReadOnlyList<string>> DrainQueueAsync()
    {
        var ids = new List<string>();
        while (true)
        {
            var leases = await Store.LeaseAsync(new LeaseRequest("test", 100, TimeSpan.FromMinutes(5), ConnectionId), TestCancellation.Token);
            if (leases.Count == 0)
            {
                return ids;
            }

            foreach (var lease in leases)
            {
                ids.Add(lease.RecordId);
                await Store.CompleteAsync(lease, null, TestCancellation.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        await Org.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
