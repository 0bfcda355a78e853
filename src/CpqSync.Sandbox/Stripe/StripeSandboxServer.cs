using System.ComponentModel.DataAnnotations;
using System.Net;
using CpqSync.Sandbox.Hosting;
using CpqSync.Sandbox.Stats;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Resources;
using CpqSync.Sandbox.Stripe.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Sandbox.Stripe;

/// <summary>
/// The emulated Stripe Billing API on Kestrel: the official clients (Stripe.net, stripe-node) work against
/// <see cref="BaseUrl"/> with <see cref="SecretKey"/> unchanged.
/// </summary>
public sealed class StripeSandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly StripeMiddleware _middleware;

    private readonly StripeAccount _account;

    private StripeSandboxServer(
        WebApplication app, Uri baseUrl, string secretKey, StripeFaults faults, StripeMiddleware middleware, StripeAccount account)
    {
        _app = app;
        _middleware = middleware;
        _account = account;
        BaseUrl = baseUrl;
        SecretKey = secretKey;
        Faults = faults;
    }

    /// <summary>Where the API is served, e.g. <c>http://127.0.0.1:54321/</c>; requests go to <c>/v1/…</c> below it.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The test-mode secret key requests must present.</summary>
    public string SecretKey { get; }

    /// <summary>Authenticated API requests received so far (429s included), as the account's rate limit counts them.</summary>
    public long ApiRequests => _middleware.ApiRequests;

    /// <summary>
    /// Requests refused with a <c>429</c> because the account's rate (<see cref="StripeSandboxOptions.RequestsPerSecond"/>, on
    /// the server's clock) was exceeded; the injected rate-limit faults are not counted.
    /// </summary>
    public long RateLimitedRequests => _middleware.RateLimited;

    /// <summary>
    /// When the first and the latest of <see cref="ApiRequests"/> arrived, as timestamps of the server's
    /// <see cref="TimeProvider"/> (0 before any): with the system's, comparable with <c>Stopwatch.GetTimestamp</c> in
    /// another process on the same machine.
    /// </summary>
    public (long First, long Last) ApiRequestTimestamps => _middleware.RequestTimestamps;

    /// <summary>
    /// For tests of concurrency: called with the method, path and form body of every write after its handler ran and before it
    /// commits, while it holds the locks of the objects it touched (a write blocked here holds only those).
    /// </summary>
    public Action<string, string, string>? WriteHook
    {
        get => _account.WriteHook;
        set => _account.WriteHook = value;
    }

    /// <summary>The injected faults, changeable while the server runs.</summary>
    public StripeFaults Faults { get; }

    public static async Task<StripeSandboxServer> StartAsync(
        StripeSandboxOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Validator.ValidateObject(options.Faults, new ValidationContext(options.Faults), validateAllProperties: true);

        var builder = SandboxWebHost.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(ParseHost(options.Host), options.Port));
        var app = builder.Build();

        var faults = new StripeFaults(options.Faults);
        var account = new StripeAccount(new StripeStore(options.DataDirectory), time);
        var middleware = new StripeMiddleware(options.SecretKey, new TokenBucket(options.RequestsPerSecond, time), faults, time);
        var requests = new RequestCounter(time, salesforce: false);
        // Routing first, so that requests the middleware refuses (401, 429) are counted under their endpoint.
        app.Use(StripeMiddleware.TolerateDoubleSlashAsync);
        app.UseRouting();
        app.UseRequestCounting(requests);
        app.Use(middleware.InvokeAsync);
        FaultEndpoints.Map(app, faults);
        app.MapStats(requests);
        var router = new StripeRouter(app, account, new IdempotencyStore(time), faults);
        StripeResources.Map(router, account);
        app.MapFallback("/v1/{**path}", (HttpContext context) =>
            StripeResponses.WriteErrorAsync(context, StripeMiddleware.UnrecognizedUrl(context.Request), context.RequestAborted));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new StripeSandboxServer(app, new Uri(address.TrimEnd('/') + "/"), options.SecretKey, faults, middleware, account);
    }

    public ValueTask DisposeAsync() => SandboxWebHost.StopAsync(_app);

    private static IPAddress ParseHost(string host) =>
        host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
}
