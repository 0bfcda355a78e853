using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Preview;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stripe;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Engine.Tests.Support;

/// <summary>
/// The emulated org with the demo seed and an empty emulated Stripe account, on loopback ports, and the engine
/// connected to both.
/// </summary>
internal sealed class DemoOrg : IAsyncDisposable
{
    private DemoOrg(SalesforceSandboxServer server, StripeSandboxServer stripe, ServiceProvider services, FakeTimeProvider time)
    {
        Server = server;
        Stripe = stripe;
        Services = services;
        Time = time;
    }

    public SalesforceSandboxServer Server { get; }

    /// <summary>The Stripe account the engine reads (and, through <see cref="Applier"/>, writes).</summary>
    public StripeSandboxServer Stripe { get; }

    public StripePlanApplier Applier => Services.GetRequiredService<StripePlanApplier>();

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public SalesforceClient Client => Services.GetRequiredService<SalesforceClient>();

    public OrderSnapshotReader Reader => Services.GetRequiredService<OrderSnapshotReader>();

    public OrderPreviewer Previewer => Services.GetRequiredService<OrderPreviewer>();

    private static SyncConfiguration? _configuration;

    /// <summary>
    /// The demo org's setup as detection pre-fills it (multi-currency, USD corporate): the fixture configures only
    /// credentials, like a customer's first connection. Set by <see cref="StartAsync"/>; the demo org always says the same.
    /// </summary>
    public static SyncConfiguration Configuration =>
        Volatile.Read(ref _configuration) ?? throw new InvalidOperationException("Start a DemoOrg first: its configuration is detected from the org.");

    public static async Task<DemoOrg> StartAsync()
    {
        var server = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions
            {
                // The sandbox installs CpqSync's package (Stripe_ID__c, coupon objects) in every org, as a customer would.
                Org = new SalesforceOrgOptions { Seed = "demo" },
            },
            TimeProvider.System,
            TestCancellation.Token);
        var stripe = await StripeSandboxServer.StartAsync(new StripeSandboxOptions(), TimeProvider.System, TestCancellation.Token);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        // The engine's clock is fake and stands still: Stripe requests are paced by the system's, as against Stripe.
        services.AddKeyedSingleton(StripeServiceCollectionExtensions.PacingClockKey, TimeProvider.System);
        services.AddSalesforceClient(o =>
        {
            o.LoginUrl = server.BaseUrl;
            o.ClientId = server.Credentials.ClientId;
            o.ClientSecret = server.Credentials.ClientSecret;
            o.Username = server.Credentials.Username;
            o.Password = server.Credentials.Password;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        services.AddStripeApplier(o =>
        {
            o.ApiKey = stripe.SecretKey;
            o.ApiBase = stripe.BaseUrl;
            // The engine's clock is fake: a retry must not wait on it.
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        services.AddSyncEngine();
        var provider = services.BuildServiceProvider();
        await DetectAsync(provider);
        return new DemoOrg(server, stripe, provider, time);
    }

    /// <summary>
    /// Reads the org's facts through the engine's reader and pre-fills the default settings with them, as a connection's
    /// first run does; becomes <see cref="Configuration"/>.
    /// </summary>
    public static async Task<SyncConfiguration> DetectAsync(IServiceProvider engine)
    {
        var facts = await engine.GetRequiredService<OrgFactsReader>().ReadAsync(TestCancellation.Token);
        var configuration = new SyncConfiguration { Settings = facts.Prefill(new SyncSettings(), previous: null) };
        Volatile.Write(ref _configuration, configuration);
        return configuration;
    }

    /// <summary>Activated orders by their description (the seed names each case there).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ActivatedOrdersAsync()
    {
        var orders = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var order in Client.QueryAsync(Soql.Query($"SELECT Id, Description FROM Order WHERE Status = {"Activated"}"), cancellationToken: TestCancellation.Token))
        {
            orders[order["Description"]!.GetValue<string>()] = order["Id"]!.GetValue<string>();
        }

        return orders;
    }

    /// <summary>Any order of the seed, activated or not, by its description.</summary>
    public async Task<string> OrderIdAsync(string description)
    {
        // Description is a long text area, which SOQL cannot filter on: match it here.
        await foreach (var order in Client.QueryAsync(Soql.Query($"SELECT Id, Description FROM Order"), cancellationToken: TestCancellation.Token))
        {
            if (order["Description"]?.GetValue<string>() == description)
            {
                return order["Id"]!.GetValue<string>();
            }
        }

        throw new InvalidOperationException($"The demo seed has no order '{description}'.");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Stripe.DisposeAsync();
        await Server.DisposeAsync();
    }
}
