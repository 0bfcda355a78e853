using System.ComponentModel.DataAnnotations;
using System.Net;
using CpqSync.Sandbox.Hosting;
using CpqSync.Sandbox.Salesforce.Http;
using CpqSync.Sandbox.Salesforce.Metadata;
using CpqSync.Sandbox.Salesforce.OAuth;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Stats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Sandbox.Salesforce;

/// <summary>The emulated Salesforce org served over HTTP: OAuth 2.0, the REST API, limits and faults.</summary>
public sealed class SalesforceSandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxContext _context;

    private readonly PubSub.PubSubEndpoint _pubSub;
    private readonly PubSubContext _pubSubContext;

    private SalesforceSandboxServer(WebApplication app, SandboxContext context, Uri baseUrl, PubSub.PubSubEndpoint pubSub, PubSubContext pubSubContext)
    {
        _app = app;
        _context = context;
        BaseUrl = baseUrl;
        _pubSub = pubSub;
        _pubSubContext = pubSubContext;
    }

    /// <summary>The login URL, which is also the instance URL (e.g. <c>http://127.0.0.1:7401/</c>).</summary>
    public Uri BaseUrl { get; }

    public SalesforceSandboxCredentials Credentials => _context.Credentials;

    public SalesforceOrg Org => _context.Org;

    public SalesforceFaults Faults => _context.Faults;

    /// <summary>REST API calls counted against the daily limit so far.</summary>
    public long ApiUsage => _context.Usage.Used;

    /// <summary>
    /// The org's Pub/Sub API endpoint (gRPC over HTTP/2 cleartext), e.g. <c>http://127.0.0.1:7402</c>; clients take it as the
    /// setting <c>Salesforce:PubSubEndpoint</c> (a real org's is <c>https://api.pubsub.salesforce.com:7443</c>).
    /// </summary>
    public Uri PubSubEndpoint => _pubSub.Address;

    /// <summary>Pub/Sub API calls and delivered events, counted apart from the REST allowance (Salesforce doesn't count them in it).</summary>
    public PubSubUsage PubSubUsage => _pubSubContext.Usage;

    /// <summary>The change events published so far: the replay id of the newest (0 before the first).</summary>
    public long LatestReplayId => _pubSubContext.Bus.Latest;

    /// <summary>
    /// While on, the org publishes every change as a gap event (<c>GAP_CREATE</c>, <c>GAP_UPDATE</c>, …) without field
    /// values, as Salesforce does for changes it could not capture; subscribers must then re-read the records.
    /// </summary>
    public bool PublishGapEvents
    {
        get => _context.Org.ChangeCapture?.GapEvents ?? false;
        set => _context.Org.ChangeCapture!.GapEvents = value;
    }

    public static async Task<SalesforceSandboxServer> StartAsync(
        SalesforceSandboxOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Validator.ValidateObject(options.Faults, new ValidationContext(options.Faults), validateAllProperties: true);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TokenLifetime, TimeSpan.Zero, nameof(options.TokenLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Faults.Latency, TimeSpan.Zero, nameof(options.Faults.Latency));
        options.PubSub.Validate();
        var org = SalesforceOrg.Create(WithCpqSyncPackage(options.Org), time);
        try
        {
            var context = CreateContext(options, time, org);
            // Change events start with the running org: its seed is data that was there before anyone subscribed.
            var pubSubContext = new PubSubContext(
                options.PubSub, time, context.Tokens, org.Info.OrganizationId, new ChangeEventCatalog(org.Schema),
                new ChangeEventBus(time, options.PubSub.Retention));
            org.ChangeCapture = new ChangeCapture(
                pubSubContext.Catalog, pubSubContext.Bus, time, () => org.Info.ApiUser.Id, options.PubSub.OverflowThreshold);
            var app = Build(options, context, pubSubContext.Usage);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            var address = addresses.Addresses.First();
            context.LoginUrl = address.TrimEnd('/');
            pubSubContext.InstanceUrl = context.LoginUrl;
            PubSub.PubSubEndpoint pubSub;
            try
            {
                pubSub = await PubSub.PubSubEndpoint.StartAsync(options.Host, pubSubContext, cancellationToken);
            }
            catch
            {
                await SandboxWebHost.StopAsync(app);
                throw;
            }

            return new SalesforceSandboxServer(app, context, new Uri(context.LoginUrl + "/"), pubSub, pubSubContext);
        }
        catch
        {
            await org.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the Pub/Sub endpoint, the REST server and the org, each even when stopping the one before failed.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _pubSubContext.Stopping.CancelAsync();
            await _pubSub.DisposeAsync();
        }
        finally
        {
            try
            {
                await SandboxWebHost.StopAsync(_app);
            }
            finally
            {
                await _context.Org.DisposeAsync();
            }
        }
    }

    /// <summary>The org has CpqSync's package installed: its objects and fields come before the caller's own fragments.</summary>
    private static SalesforceOrgOptions WithCpqSyncPackage(SalesforceOrgOptions org) => new()
    {
        Seed = org.Seed,
        DataDirectory = org.DataDirectory,
        SchemaDirectory = org.SchemaDirectory,
        ExtraSchema = [.. SalesforcePackageSchema.LoadEmbedded(), .. org.ExtraSchema],
    };

    private static SandboxContext CreateContext(SalesforceSandboxOptions options, TimeProvider time, SalesforceOrg org)
    {
        var credentials = new SalesforceSandboxCredentials(
            options.ClientId,
            options.ClientSecret,
            options.Username ?? org.Info.ApiUser.Username,
            options.Password,
            options.CertificatePem,
            options.PrivateKeyPem);
        var tokens = new TokenStore(time, options.TokenLifetime, org.Info.OrganizationId);
        var usage = new ApiUsageMeter(options.DailyApiLimit, time);
        var faults = new SalesforceFaults(options.Faults, tokens, usage);
        return new SandboxContext(org, time, options, credentials, tokens, usage, faults);
    }

    private static WebApplication Build(SalesforceSandboxOptions options, SandboxContext context, PubSubUsage pubSub)
    {
        var builder = SandboxWebHost.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(options.Host, out var address))
            {
                kestrel.Listen(address, options.Port);
            }
            else if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                throw new ArgumentException($"The sandbox binds to an IP address or localhost, not '{options.Host}'.", nameof(options));
            }
        });

        var app = builder.Build();
        app.UseRequestCounting(context.Requests);
        app.UseSalesforceHeaders(context);
        app.MapSalesforceOAuth(context);
        app.MapSalesforceRest(context);
        app.MapSandboxControl(context);
        app.MapStats(context.Requests, pubSub.Read, pubSub.Reset);
        return app;
    }
}
