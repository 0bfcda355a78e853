using CpqSync.Engine.Connections;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Hosting;

/// <summary>
/// The emulated Salesforce org (demo seed) and Stripe API, started in-process on free loopback ports, with the
/// settings that point CpqSync at them: what <c>--sandbox</c> runs a command against.
/// </summary>
public sealed class EmbeddedSandbox : IAsyncDisposable
{
    private EmbeddedSandbox(SalesforceSandboxServer salesforce, StripeSandboxServer stripe)
    {
        Salesforce = salesforce;
        Stripe = stripe;
    }

    public SalesforceSandboxServer Salesforce { get; }

    public StripeSandboxServer Stripe { get; }

    /// <summary>
    /// What a connection created against the sandbox starts with: live sync on, nothing else. Multi-currency, the
    /// default currency and the time zone come from the org through detection, as for a customer's org.
    /// </summary>
    public static ConnectionDocument DemoDocument { get; } = new() { LiveSync = true };

    /// <summary>
    /// The setting naming the org's Pub/Sub API endpoint (change events); a real org's is
    /// <c>https://api.pubsub.salesforce.com:7443</c>, the sandbox's is on its own loopback port.
    /// </summary>
    public const string PubSubEndpointKey = "Salesforce:PubSubEndpoint";

    /// <summary>Where the sandbox org serves the Pub/Sub API, as <see cref="PubSubEndpointKey"/> takes it (no trailing slash).</summary>
    public KeyValuePair<string, string?> PubSubEndpointSetting => new(PubSubEndpointKey, Salesforce.PubSubEndpoint.ToString().TrimEnd('/'));

    /// <summary>Configuration keys that connect CpqSync to the sandbox; they win over any other source.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings
    {
        get
        {
            var credentials = Salesforce.Credentials;
            return new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Salesforce:LoginUrl"] = Salesforce.BaseUrl.ToString(),
                ["Salesforce:Flow"] = nameof(CpqSync.Salesforce.SalesforceAuthFlow.UsernamePassword),
                ["Salesforce:ClientId"] = credentials.ClientId,
                ["Salesforce:ClientSecret"] = credentials.ClientSecret,
                ["Salesforce:Username"] = credentials.Username,
                ["Salesforce:Password"] = credentials.Password,
                ["Stripe:ApiBase"] = Stripe.BaseUrl.ToString(),
                ["Stripe:ApiKey"] = Stripe.SecretKey,
                [PubSubEndpointKey] = PubSubEndpointSetting.Value,
            };
        }
    }

    /// <summary>
    /// What a customer gives to connect to the sandbox, under the settings' names: the org's login URL, the connected
    /// app, the integration user, the Stripe key and API base (no flow: the username-password flow follows from them).
    /// </summary>
    public IReadOnlyDictionary<string, string> Credentials =>
        Settings.Where(s => s.Key is not "Salesforce:Flow" and not PubSubEndpointKey && s.Value is not null).ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);

    public static async Task<EmbeddedSandbox> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var salesforce = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions { Port = 0, Org = new SalesforceOrgOptions { Seed = "demo" } }, time, cancellationToken);
        try
        {
            var stripe = await StripeSandboxServer.StartAsync(new StripeSandboxOptions { Port = 0 }, time, cancellationToken);
            return new EmbeddedSandbox(salesforce, stripe);
        }
        catch
        {
            await salesforce.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await Salesforce.DisposeAsync();
    }
}
