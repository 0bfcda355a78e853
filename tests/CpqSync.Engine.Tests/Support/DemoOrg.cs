using CpqSync.Core.Configuration;
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

/// <summary>The emulated org with the demo seed, on a loopback port, and the engine connected to it.</summary>
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

    /// <summary>An empty Stripe account: previews read it for the Stripe ids written back to the org's records.</summary>
    public StripeSandboxServer Stripe { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public SalesforceClient Client => Services.GetRequiredService<SalesforceClient>();

    public OrderSnapshotReader Reader => Services.GetRequiredService<OrderSnapshotReader>();

    public OrderPreviewer Previewer => Services.GetRequiredService<OrderPreviewer>();

    /// <summary>The demo org's setup: three currencies, so multi-currency.</summary>
    public static SyncConfiguration Configuration { get; } = new()
    {
        Settings = new SyncSettings { MultiCurrencyEnabled = true, DefaultCurrency = "USD" },
    };

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
        });
        services.AddSyncEngine();
        return new DemoOrg(server, stripe, services.BuildServiceProvider(), time);
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
