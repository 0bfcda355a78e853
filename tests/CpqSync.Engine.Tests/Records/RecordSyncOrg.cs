using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Records;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Stripe;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using CpqSync.Stripe;
using CpqSync.Stripe.State;
using CpqSync.Engine.StripeResolution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stripe;

namespace CpqSync.Engine.Tests.Records;

/// <summary>
/// The demo org, the emulated Stripe API, a SQLite store in a temporary folder, and a <see cref="RecordSyncer"/>
/// wired to all three the way <c>AddSyncEngine</c> wires it.
/// </summary>
internal sealed class RecordSyncOrg : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ServiceProvider _stripeServices;

    private RecordSyncOrg(DemoOrg org, StripeSandboxServer stripe, ServiceProvider stripeServices, StorageBackend storage, Guid connectionId, string folder)
    {
        Org = org;
        StripeSandbox = stripe;
        _stripeServices = stripeServices;
        Storage = storage;
        ConnectionId = connectionId;
        _folder = folder;
        Stripe = new StripeClient(apiKey: stripe.SecretKey, apiBase: stripe.BaseUrl.ToString().TrimEnd('/'),
            httpClient: new SystemNetHttpClient(maxNetworkRetries: 0));
        var resolver = new StripeStateResolver(stripeServices.GetRequiredService<StripeStateReader>(),
            stripeServices.GetRequiredService<StripeMetadataSearch>(), NullLogger<StripeStateResolver>.Instance);
        var pipeline = new SyncPipeline(resolver, stripeServices.GetRequiredService<StripePlanApplier>(),
            new SalesforceWriteBack(org.Client, org.Time), org.Time, storage.Store);
        var preparer = new ConnectionPreparer(org.Client, stripeServices.GetRequiredService<IOptions<StripeOptions>>(),
            new OrgFactsReader(org.Client, org.Time), storage.Store);
        Syncer = new RecordSyncer(
            org.Services.GetRequiredService<RecordSnapshotReader>(), preparer, pipeline, storage.Store, org.Time, NullLogger<RecordSyncer>.Instance);
    }

    public DemoOrg Org { get; }

    public StripeSandboxServer StripeSandbox { get; }

    /// <summary>A plain Stripe.net client on the emulated account, to see what the sync left there.</summary>
    public StripeClient Stripe { get; }

    public StorageBackend Storage { get; }

    public Guid ConnectionId { get; }

    public RecordSyncer Syncer { get; }

    public SalesforceClient Client => Org.Client;

    public static async Task<RecordSyncOrg> StartAsync(StripeSandboxOptions? stripeOptions = null)
    {
        var org = await DemoOrg.StartAsync();
        var stripe = await StripeSandboxServer.StartAsync(stripeOptions ?? new StripeSandboxOptions(), TimeProvider.System, TestCancellation.Token);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStripeApplier(options =>
        {
            options.ApiKey = stripe.SecretKey;
            options.ApiBase = stripe.BaseUrl;
        });
        var folder = Directory.CreateTempSubdirectory("cpqsync-records-").FullName;
        var storage = SqliteStorage.Open(new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" }, org.Time);
        await storage.Migrator.MigrateAsync(TestCancellation.Token);
        var connection = await storage.Store.CreateConnectionAsync(new NewSyncConnection("demo", null, null), TestCancellation.Token);
        return new RecordSyncOrg(org, stripe, services.BuildServiceProvider(), storage, connection.Id, folder);
    }

    public EngineConnection Connection(SyncPreferences? preferences = null) =>
        new(ConnectionId, DemoOrg.Configuration, preferences ?? new SyncPreferences(), new SyncRecordPreferences { StripeTestMode = true });

    public Task<RecordSyncResult> SyncAsync(RecordSyncTarget target, SyncPreferences? preferences = null) =>
        Syncer.SyncAsync(Connection(preferences), target, TestCancellation.Token);

    /// <summary>Product2 ids by product name.</summary>
    public Task<Dictionary<string, string>> ProductsAsync() => IdsByAsync(Soql.Query($"SELECT Id, Name FROM Product2"), "Name");

    /// <summary>Account ids by account name.</summary>
    public Task<Dictionary<string, string>> AccountsAsync() => IdsByAsync(Soql.Query($"SELECT Id, Name FROM Account"), "Name");

    public async Task<string> StandardPricebookAsync() =>
        (await IdsByAsync(Soql.Query($"SELECT Id, Name FROM Pricebook2 WHERE IsStandard = {true}"), "Name")).Values.Single();

    /// <summary>The price book's entries: id, product, currency, price and Stripe id.</summary>
    public async Task<List<JsonObject>> EntriesAsync(string pricebookId)
    {
        var entries = new List<JsonObject>();
        await foreach (var entry in Client.QueryAsync(
            Soql.Query($"SELECT Id, Product2Id, Product2.Name, CurrencyIsoCode, UnitPrice, Stripe_ID__c FROM PricebookEntry WHERE Pricebook2Id = {pricebookId}"),
            cancellationToken: TestCancellation.Token))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public Task<JsonObject> RetrieveAsync(string type, string id, params string[] fields) =>
        Client.RetrieveAsync(type, id, fields, TestCancellation.Token);

    /// <summary>The Sync Records of one primary record.</summary>
    public async Task<List<JsonObject>> SyncRecordsAsync(string primaryId)
    {
        var rows = new List<JsonObject>();
        await foreach (var row in Client.QueryAsync(
            Soql.Query($"SELECT Id, Resolution_Status__c, Error_Code__c, Stripe_Object_ID__c, Primary_Object_Type__c, Account__c FROM Stripe_Sync_Record__c WHERE Primary_Record_ID__c = {primaryId}"),
            cancellationToken: TestCancellation.Token))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<Dictionary<string, string>> IdsByAsync(SoqlQuery query, string key)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in Client.QueryAsync(query, cancellationToken: TestCancellation.Token))
        {
            ids[row[key]!.GetValue<string>()] = row["Id"]!.GetValue<string>();
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await _stripeServices.DisposeAsync();
        await StripeSandbox.DisposeAsync();
        await Storage.DisposeAsync();
        await Org.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
