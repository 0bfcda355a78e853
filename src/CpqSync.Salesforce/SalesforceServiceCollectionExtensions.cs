using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace CpqSync.Salesforce;

public static class SalesforceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SalesforceClient"/> (and its <see cref="SalesforceAuthenticator"/>) as singletons, with
    /// <see cref="SalesforceOptions"/> bound from the <c>Salesforce</c> section and validated at start-up.
    /// </summary>
    /// <returns>The builder of the HTTP client all Salesforce calls use, to add handlers (or, in tests, a primary handler).</returns>
    public static IHttpClientBuilder AddSalesforceClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SalesforceOptions>().Bind(configuration.GetSection(SalesforceOptions.SectionName));
        return services.AddSalesforceClientCore();
    }

    /// <summary>Like <see cref="AddSalesforceClient(IServiceCollection, IConfiguration)"/>, with options set in code.</summary>
    public static IHttpClientBuilder AddSalesforceClient(this IServiceCollection services, Action<SalesforceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SalesforceOptions>().Configure(configure);
        return services.AddSalesforceClientCore();
    }

    private static IHttpClientBuilder AddSalesforceClientCore(this IServiceCollection services)
    {
        services.AddOptions<SalesforceOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SalesforceAuthenticator>();
        services.TryAddSingleton<SalesforceClient>();

        var builder = services.AddHttpClient(SalesforceHttp.ClientName, client =>
        {
            // Each attempt has its own timeout in the pipeline; the overall call is bounded by the caller's token.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("salesforce", ConfigureResilience);
        return builder;
    }

    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var provider = context.ServiceProvider;
        var options = provider.GetRequiredService<IOptions<SalesforceOptions>>().Value;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SalesforceClient));
        pipeline.TimeProvider = provider.GetRequiredService<TimeProvider>();

        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetryAttempts > 0 && SalesforceRetryPolicy.ShouldRetry(args.Outcome, args.Context.GetRequestMessage())),
            OnRetry = args =>
            {
                var request = args.Context.GetRequestMessage();
                var outcome = args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                logger.RetryingRequest(request?.Method, request?.RequestUri?.AbsolutePath, args.RetryDelay, args.AttemptNumber + 1, outcome);
                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
