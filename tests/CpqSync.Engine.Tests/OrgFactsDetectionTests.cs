using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests;

/// <summary>Org facts are read from the org as from a customer's, and pre-fill the settings they imply.</summary>
public sealed class OrgFactsDetectionTests
{
    [Fact]
    public async Task A_multi_currency_org_is_detected_with_its_currencies_time_zone_and_CPQ()
    {
        await using var org = await Engine.StartAsync("demo");

        var facts = await org.Services.GetRequiredService<OrgFactsReader>().ReadAsync(TestCancellation.Token);

        Assert.True(facts.MultiCurrency);
        Assert.Equal("USD", facts.CorporateCurrency);
        Assert.Equal("USD", facts.ActiveCurrencies[0]);
        Assert.Contains("EUR", facts.ActiveCurrencies);
        Assert.Contains("JPY", facts.ActiveCurrencies);
        Assert.Equal(org.Server.Org.Info.OrganizationId, facts.OrganizationId);
        Assert.True(facts.IsSandbox);
        Assert.Equal("GMT", facts.TimeZoneSidKey);
        Assert.Equal(TimeZoneInfo.Utc, facts.TimeZone);
        Assert.True(facts.PackagesRead);
        Assert.Equal("252.2.0.1", facts.CpqVersion);
        Assert.Equal(org.Services.GetRequiredService<SalesforceClient>().ApiVersion, facts.ApiVersion);
        var settings = facts.Prefill(new SyncSettings(), previous: null);
        Assert.True(settings.MultiCurrencyEnabled);
        Assert.Equal("USD", settings.DefaultCurrency);
    }

    [Fact]
    public async Task A_single_currency_org_is_detected_from_Organization_alone()
    {
        await using var org = await Engine.StartAsync("demo-single-currency");

        var facts = await org.Services.GetRequiredService<OrgFactsReader>().ReadAsync(TestCancellation.Token);

        Assert.False(facts.MultiCurrency);
        Assert.Equal("USD", facts.CorporateCurrency);
        Assert.Equal(["USD"], facts.ActiveCurrencies);
        Assert.Equal("252.2.0.1", facts.CpqVersion);
        var settings = facts.Prefill(new SyncSettings(), previous: null);
        Assert.False(settings.MultiCurrencyEnabled);
        Assert.Equal("USD", settings.DefaultCurrency);
    }

    [Fact]
    public async Task Detection_costs_two_counted_calls()
    {
        await using var org = await Engine.StartAsync("demo");
        var client = org.Services.GetRequiredService<SalesforceClient>();
        await client.QueryPageAsync(Soql.Query($"SELECT Id FROM Account LIMIT 1"), cancellationToken: TestCancellation.Token); // logs in
        var before = org.Server.ApiUsage;

        await org.Services.GetRequiredService<OrgFactsReader>().ReadAsync(TestCancellation.Token);

        // One composite call for the currencies and the organization, one Tooling API query for the CPQ package.
        Assert.Equal(2, org.Server.ApiUsage - before);
    }

    [Fact]
    public async Task Detection_stores_the_facts_and_pre_fills_only_settings_the_admin_left_alone()
    {
        await using var org = await Engine.StartAsync("demo");
        var store = org.Services.GetRequiredService<ISyncStore>();
        var explicitZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var document = new ConnectionDocument
        {
            Mappings = new SyncConfiguration { Settings = new SyncSettings { DefaultCurrency = "EUR", TimeZone = explicitZone } },
        };
        var connection = await store.CreateConnectionAsync(
            new NewSyncConnection("facts", null, null, ConnectionDocumentJson.Save(document)), TestCancellation.Token);
        var detection = org.Services.GetRequiredService<OrgFactsDetection>();

        await detection.EnsureDetectedAsync(connection.Id, TestCancellation.Token);

        var stored = (await org.Services.GetRequiredService<ConnectionDocumentStore>().LoadAsync(connection.Id, TestCancellation.Token))!;
        Assert.NotNull(stored.Document.Org);
        Assert.True(stored.Document.Org!.MultiCurrency);
        Assert.Equal("252.2.0.1", stored.Document.Org.CpqVersion);
        Assert.True(stored.Document.Mappings.Settings.MultiCurrencyEnabled); // default until now: pre-filled
        Assert.Equal("EUR", stored.Document.Mappings.Settings.DefaultCurrency); // the admin's: kept
        Assert.Equal("Europe/Paris", stored.Document.Mappings.Settings.TimeZone.Id); // the admin's: kept

        // Once detected, a run does not read the org again.
        var before = org.Server.ApiUsage;
        await detection.EnsureDetectedAsync(connection.Id, TestCancellation.Token);
        Assert.Equal(before, org.Server.ApiUsage);
    }

    /// <summary>The sandbox org with a seed, the engine connected to it with credentials only, and a store.</summary>
    private sealed class Engine : IAsyncDisposable
    {
        private readonly string _folder;

        private readonly StorageBackend _storage;

        private Engine(SalesforceSandboxServer server, ServiceProvider services, StorageBackend storage, string folder)
        {
            Server = server;
            Services = services;
            _storage = storage;
            _folder = folder;
        }

        public SalesforceSandboxServer Server { get; }

        public ServiceProvider Services { get; }

        public static async Task<Engine> StartAsync(string seed)
        {
            var server = await SalesforceSandboxServer.StartAsync(
                new SalesforceSandboxOptions { Org = new SalesforceOrgOptions { Seed = seed } }, TimeProvider.System, TestCancellation.Token);
            var folder = Directory.CreateTempSubdirectory("cpqsync-facts-").FullName;
            var storage = SqliteStorage.Open(
                new StorageOptions { ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" }, TimeProvider.System);
            await storage.Migrator.MigrateAsync(TestCancellation.Token);
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSalesforceClient(o =>
            {
                o.LoginUrl = server.BaseUrl;
                o.ClientId = server.Credentials.ClientId;
                o.ClientSecret = server.Credentials.ClientSecret;
                o.Username = server.Credentials.Username;
                o.Password = server.Credentials.Password;
                o.RetryBaseDelay = TimeSpan.Zero;
            });
            services.AddSingleton(storage.Store);
            services.AddSingleton(new ConnectionDocumentStore(storage.Store));
            services.AddSyncEngine();
            return new Engine(server, services.BuildServiceProvider(), storage, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await _storage.DisposeAsync();
            await Server.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
