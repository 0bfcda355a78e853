using System.Collections.Concurrent;
using System.Net;
using CpqSync.Sandbox.Stripe;
using CpqSync.Stripe.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stripe;

namespace CpqSync.Stripe.Tests.Support;

/// <summary>
/// The emulated Stripe API on a free loopback port and a <see cref="StripePlanApplier"/> wired to it the way the
/// product wires it (<see cref="StripeServiceCollectionExtensions.AddStripeApplier(IServiceCollection, Action{StripeOptions})"/>),
/// plus a Stripe.net client for checking what Stripe holds.
/// </summary>
public sealed class ApplierHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ApplierHost(StripeSandboxServer sandbox, ServiceProvider services, AttemptLog attempts)
    {
        Sandbox = sandbox;
        _services = services;
        Attempts = attempts;
        Stripe = new StripeClient(apiKey: sandbox.SecretKey, apiBase: sandbox.BaseUrl.ToString().TrimEnd('/'),
            httpClient: new SystemNetHttpClient(maxNetworkRetries: 0));
    }

    public StripeSandboxServer Sandbox { get; }

    public StripePlanApplier Applier => _services.GetRequiredService<StripePlanApplier>();

    public StripeStateReader Reader => _services.GetRequiredService<StripeStateReader>();

    public StripeMetadataSearch Search => _services.GetRequiredService<StripeMetadataSearch>();

    /// <summary>Every HTTP attempt the applier made (retries included), with the status Stripe answered.</summary>
    public AttemptLog Attempts { get; }

    /// <summary>A plain Stripe.net client on the same account, to see what the applier left in Stripe.</summary>
    public StripeClient Stripe { get; }

    public static async Task<ApplierHost> StartAsync(
        Action<StripeOptions>? configure = null, StripeSandboxOptions? sandboxOptions = null, Action<ILoggingBuilder>? logging = null,
        Action<IHttpClientBuilder>? http = null)
    {
        var sandbox = await StripeSandboxServer.StartAsync(sandboxOptions ?? new StripeSandboxOptions(), TimeProvider.System, CancellationToken.None);
        var attempts = new AttemptLog();
        var services = new ServiceCollection();
        services.AddLogging(builder => logging?.Invoke(builder));
        var client = services.AddStripeApplier(options =>
        {
            options.ApiKey = sandbox.SecretKey;
            options.ApiBase = sandbox.BaseUrl;
            // Short waits keep the retry tests quick; the policy is the product's.
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            configure?.Invoke(options);
        }).AddHttpMessageHandler(() => new AttemptRecorder(attempts));
        http?.Invoke(client);
        return new ApplierHost(sandbox, services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), attempts);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }

    /// <summary>Added after the resilience handler, so it sits below it and sees each attempt separately.</summary>
    private sealed class AttemptRecorder(AttemptLog log) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                log.Add((int)response.StatusCode);
                return response;
            }
            catch (HttpRequestException)
            {
                log.Add(0);
                throw;
            }
        }
    }
}

/// <summary>HTTP statuses of the applier's attempts, in order; 0 for a connection that failed without an answer.</summary>
public sealed class AttemptLog
{
    private readonly ConcurrentQueue<int> _statuses = new();

    public IReadOnlyList<int> Statuses => [.. _statuses];

    public int Count(HttpStatusCode status) => _statuses.Count(s => s == (int)status);

    public int ConnectionFailures => _statuses.Count(static s => s == 0);

    /// <summary>Called after each attempt with the number of attempts so far, before the answer reaches the applier.</summary>
    public Action<int>? AfterAttempt { get; set; }

    internal void Add(int status)
    {
        _statuses.Enqueue(status);
        AfterAttempt?.Invoke(_statuses.Count);
    }
}
