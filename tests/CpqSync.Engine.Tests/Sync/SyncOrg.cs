using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Backfill;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stripe;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// The whole engine over loopback: the emulated org with the demo seed, the emulated Stripe API, a SQLite store in a
/// temporary folder with one connection, and the real syncer, worker and backfill wired as the host wires them.
/// </summary>
internal sealed class SyncOrg : IAsyncDisposable
{
    private readonly string _folder;
    private Action<SyncWorkerOptions>? _configureWorker;
    private TimeProvider _time = TimeProvider.System;

    private SyncOrg(
        SalesforceSandboxServer salesforce, StripeSandboxServer stripe, StorageBackend storage, ServiceProvider services,
        EngineConnection connection, string folder)
    {
        Salesforce = salesforce;
        Stripe = stripe;
        Storage = storage;
        Services = services;
        Connection = connection;
        _folder = folder;
    }

    public SalesforceSandboxServer Salesforce { get; }

    public StripeSandboxServer Stripe { get; }

    public StorageBackend Storage { get; }

    public ISyncStore Store => Storage.Store;

    public ServiceProvider Services { get; }

    public EngineConnection Connection { get; }

    public SalesforceClient Client => Services.GetRequiredService<SalesforceClient>();

    public OrderSyncer Syncer => Services.GetRequiredService<OrderSyncer>();

    public SyncWorker Worker => Services.GetRequiredService<SyncWorker>();

    public BackfillRunner Backfill => Services.GetRequiredService<BackfillRunner>();

    /// <param name="stripeFaults">Faults the Stripe API starts with.</param>
    /// <param name="configureWorker">Changes to the worker's options (tests shorten the backoff).</param>
    /// <param name="configureServices">Extra registrations (tests add handlers to the HTTP clients).</param>
    /// <param name="stripeRequestsPerSecond">The emulated account's rate limit (test mode's 25 by default).</param>
    /// <param name="stripeTime">The emulated Stripe API's clock (tests move it on to expire idempotency keys); the system's by default.</param>
    /// <param name="seed">The org's seed: <c>demo</c>, or <c>scale:N</c> (whose records carry no currency: the connection bills in USD).</param>
    /// <param name="pubSub">The org's Pub/Sub endpoint and event bus (tests shorten the keep-alive interval); the defaults otherwise.</param>
    /// <param name="salesforceTime">The emulated org's clock, which stamps its records (tests hold it within one second); the system's by default.</param>
    /// <param name="time">
    /// The engines' and the store's clock, and the emulated Stripe API's unless <paramref name="stripeTime"/> says otherwise
    /// (a test moving it on decides when time passes for pacing, leases and Stripe's rate limit); the system's by default.
    /// </param>
    public static async Task<SyncOrg> StartAsync(
        StripeFaultOptions? stripeFaults = null, Action<SyncWorkerOptions>? configureWorker = null, Action<IServiceCollection>? configureServices = null,
        TimeProvider? stripeTime = null, double stripeRequestsPerSecond = 25, string seed = "demo", Sandbox.Salesforce.PubSub.PubSubOptions? pubSub = null,
        TimeProvider? time = null, TimeProvider? salesforceTime = null)
    {
        var token = TestCancellation.Token;
        time ??= TimeProvider.System;
        var salesforce = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions { Org = new SalesforceOrgOptions { Seed = seed }, PubSub = pubSub ?? new() }, salesforceTime ?? TimeProvider.System, token);
        var stripe = await StripeSandboxServer.StartAsync(
            new StripeSandboxOptions { Faults = stripeFaults ?? new StripeFaultOptions(), RequestsPerSecond = stripeRequestsPerSecond },
            stripeTime ?? time, token);
        var folder = Directory.CreateTempSubdirectory("cpqsync-sync-").FullName;
        var storage = SqliteStorage.Open(StoreOptions(folder), time);
        await storage.Migrator.MigrateAsync(token);
        var stored = await storage.Store.CreateConnectionAsync(new NewSyncConnection("demo", null, null), token);

        var services = Engine(salesforce, stripe, storage, time, configureWorker, configureServices);
        var configuration = seed == "demo" ? await DemoOrg.DetectAsync(services) : await ScaleConfigurationAsync(services);

        var connection = new EngineConnection(stored.Id, configuration, new SyncPreferences(), new SyncRecordPreferences { StripeTestMode = true });
        return new SyncOrg(salesforce, stripe, storage, services, connection, folder)
        {
            _configureWorker = configureWorker,
            _time = time,
        };
    }

    private static StorageOptions StoreOptions(string folder) =>
        new() { ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" };

    /// <summary>The store's file opened again, on the same clock, as another process on the same store opens it (dispose it before this org).</summary>
    public StorageBackend OpenStoreAgain() => SqliteStorage.Open(StoreOptions(_folder), _time);

    /// <summary>The scale org's facts pre-filling the settings (not <see cref="DemoOrg"/>'s shared configuration), billing in USD.</summary>
    private static async Task<SyncConfiguration> ScaleConfigurationAsync(IServiceProvider engine)
    {
        var facts = await engine.GetRequiredService<OrgFactsReader>().ReadAsync(TestCancellation.Token);
        return new SyncConfiguration { Settings = facts.Prefill(new SyncSettings(), previous: null) with { DefaultCurrency = "USD" } };
    }

    /// <summary>Another engine (as after a restart) over the same org, Stripe account and store.</summary>
    /// <param name="configureServices">Extra registrations of the new engine (none of the first engine's carry over).</param>
    public ServiceProvider NewEngine(Action<IServiceCollection>? configureServices = null) =>
        Engine(Salesforce, Stripe, Storage, _time, _configureWorker, configureServices);

    private static ServiceProvider Engine(
        SalesforceSandboxServer salesforce, StripeSandboxServer stripe, StorageBackend storage, TimeProvider time,
        Action<SyncWorkerOptions>? configureWorker, Action<IServiceCollection>? configureServices)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(storage.Store);
        services.AddSingleton(storage.Monitor);
        // As the host registers them: the store's migrator and its token table, so every engine on the store shares one Stripe budget.
        services.AddSingleton(storage.Migrator);
        services.AddSingleton(storage.RateBudgets);
        services.AddSalesforceClient(o =>
        {
            o.LoginUrl = salesforce.BaseUrl;
            o.ClientId = salesforce.Credentials.ClientId;
            o.ClientSecret = salesforce.Credentials.ClientSecret;
            o.Username = salesforce.Credentials.Username;
            o.Password = salesforce.Credentials.Password;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        });
        services.AddStripeApplier(o =>
        {
            o.ApiKey = stripe.SecretKey;
            o.ApiBase = stripe.BaseUrl;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        });
        services.AddSyncEngine();
        services.AddSyncWorker(o =>
        {
            o.BaseRetryDelay = TimeSpan.FromMilliseconds(20);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            o.IdleDelay = TimeSpan.FromMilliseconds(100);
            configureWorker?.Invoke(o);
        });
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Activated orders by their description (the seed names each case there).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ActivatedOrdersAsync()
    {
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var order in Client.QueryAsync(
            Soql.Query($"SELECT Id, Description FROM Order WHERE Status = {"Activated"}"), cancellationToken: TestCancellation.Token))
        {
            orders[order["Description"]!.GetValue<string>()] = order["Id"]!.GetValue<string>();
        }

        return orders;
    }

    /// <summary>An order's Sync Records as a user lists them, oldest first.</summary>
    public async Task<List<JsonObject>> SyncRecordsAsync(string orderId)
    {
        var rows = new List<JsonObject>();
        await foreach (var row in Client.QueryAsync(
            Soql.Query($"""
                SELECT Id, Resolution_Status__c, Resolution_Message__c, Error_Code__c, Stripe_Object_ID__c, Secondary_Record_ID__c
                FROM Stripe_Sync_Record__c WHERE Primary_Record_ID__c = {orderId} ORDER BY Completed_At__c
                """),
            cancellationToken: TestCancellation.Token))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<string?> StripeIdOfAsync(string type, string id) =>
        (await Client.RetrieveAsync(type, id, ["Stripe_ID__c"], TestCancellation.Token))["Stripe_ID__c"]?.GetValue<string>();

    /// <summary>How many objects of a kind the Stripe account holds (<c>customers</c>, <c>products</c>, <c>subscription_schedules</c>…).</summary>
    public async Task<int> CountStripeAsync(string resource) => (await ListStripeAsync(resource)).Count;

    /// <summary>Every object of a kind the Stripe account holds, as Stripe lists them.</summary>
    public async Task<List<JsonObject>> ListStripeAsync(string resource)
    {
        var client = new StripeClient(apiKey: Stripe.SecretKey, apiBase: Stripe.BaseUrl.ToString().TrimEnd('/'));
        var all = new List<JsonObject>();
        string? after = null;
        while (true)
        {
            var path = $"/v1/{resource}?limit=100" + (after is null ? "" : $"&starting_after={after}");
            var page = JsonNode.Parse(await GetWithRetriesAsync(client, path))!.AsObject();
            var data = page["data"]!.AsArray().OfType<JsonObject>().ToList();
            all.AddRange(data);
            if (page["has_more"]?.GetValue<bool>() != true || data.Count == 0)
            {
                return all;
            }

            after = data[^1]["id"]!.GetValue<string>();
        }
    }

    /// <summary>
    /// One GET, retried on <c>429</c> with a growing pause as a well-behaved Stripe client does: the engine may have
    /// spent the account's per-second budget (it paces itself just under the sandbox's rate) right before the test
    /// lists what it made, and the sandbox's bucket refills on the system clock.
    /// </summary>
    private static async Task<string> GetWithRetriesAsync(StripeClient client, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await client.RawRequestAsync(HttpMethod.Get, path, cancellationToken: TestCancellation.Token)).Content;
            }
            catch (StripeException limited) when (limited.HttpStatusCode == System.Net.HttpStatusCode.TooManyRequests && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), TestCancellation.Token);
            }
        }
    }

    /// <summary>Fails when two Stripe objects of a kind were made from one Salesforce record (by the metadata CpqSync puts on them).</summary>
    public async Task AssertNoDuplicatesAsync(string resource, string metadataKey)
    {
        var sources = (await ListStripeAsync(resource)).Select(o => o["metadata"]?[metadataKey]?.GetValue<string>()).ToList();
        Assert.DoesNotContain(null, sources);
        Assert.Equal(sources.Distinct(StringComparer.Ordinal).Count(), sources.Count);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Storage.DisposeAsync();
        await Stripe.DisposeAsync();
        await Salesforce.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
