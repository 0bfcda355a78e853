using CpqSync.Stripe.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CpqSync.Stripe;

public static class StripeServiceCollectionExtensions
{
    /// <summary>
    /// The key of a <see cref="TimeProvider"/> registered to pace Stripe requests by instead of the application's: a host
    /// (or a test) whose clock stands still unless moved registers the system's here, so its requests are still paced.
    /// </summary>
    public const string PacingClockKey = "CpqSync.Stripe.Pacing";

    /// <summary>
    /// Registers <see cref="StripePlanApplier"/>, <see cref="StripeStateReader"/> and <see cref="StripeMetadataSearch"/> as singletons, with <see cref="StripeOptions"/> bound from the
    /// <c>Stripe</c> section and validated at start-up.
    /// </summary>
    /// <returns>The builder of the HTTP client all Stripe calls use, to add handlers (or, in tests, a primary handler).</returns>
    public static IHttpClientBuilder AddStripeApplier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StripeOptions>().Bind(configuration.GetSection(StripeOptions.SectionName));
        return services.AddStripeApplierCore();
    }

    /// <summary>Like <see cref="AddStripeApplier(IServiceCollection, IConfiguration)"/>, with options set in code.</summary>
    public static IHttpClientBuilder AddStripeApplier(this IServiceCollection services, Action<StripeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<StripeOptions>().Configure(configure);
        return services.AddStripeApplierCore();
    }

    private static IHttpClientBuilder AddStripeApplierCore(this IServiceCollection services)
    {
        services.AddOptions<StripeOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StripeOptions>>().Value;
            return new StripeRateLimiter(options.RequestsPerSecond, provider.GetService<IStripeRateBudget>(),
                StripeRateLimiter.BudgetName(options.ApiKey), provider.GetKeyedService<TimeProvider>(PacingClockKey) ?? provider.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(provider =>
        {
            var limiter = provider.GetRequiredService<StripeRateLimiter>();
            return new StripeThroughput(limiter.RequestsPerSecond, limiter.Limiter);
        });
        services.TryAddSingleton<StripePriceCache>();
        services.TryAddSingleton(provider => new StripeCreates(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<StripePlanApplier>();
        services.TryAddSingleton<StripeStateReader>();
        services.TryAddSingleton<StripeMetadataSearch>();

        var builder = services.AddHttpClient(StripeHttp.ClientName, client =>
        {
            // Each attempt has its own timeout in the pipeline; the whole apply is bounded by the caller's token.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("stripe", ConfigureResilience);
        // Inside the resilience handler: times each attempt on the wire, not its wait for a token.
        builder.AddHttpMessageHandler(provider => new StripeThroughput.Timing(
            provider.GetRequiredService<StripeThroughput>(), provider.GetRequiredService<TimeProvider>()));
        return builder;
    }

    /// <summary>Retry (outermost), then the rate limiter, then the attempt timeout: every attempt waits for a token.</summary>
    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var provider = context.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<StripeOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StripePlanApplier));
        pipeline.TimeProvider = provider.GetRequiredService<TimeProvider>();

        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(StripeRetryPolicy.ShouldRetry(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.GetRequestMessage();
                    var outcome = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    logger.RetryingRequest(request?.Method, request?.RequestUri?.AbsolutePath, args.RetryDelay, args.AttemptNumber + 1, outcome);
                    return ValueTask.CompletedTask;
                },
            });
        }

        var limiter = provider.GetRequiredService<StripeRateLimiter>();
        pipeline.AddRateLimiter(new Polly.RateLimiting.RateLimiterStrategyOptions
        {
            RateLimiter = args => limiter.AcquireAsync(args.Context.CancellationToken),
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
