using CpqSync.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// OpenTelemetry for <c>serve</c>: the engine's own meters and spans, ASP.NET Core's and HttpClient's (.NET emits them
/// natively), a Prometheus scrape endpoint at <see cref="MetricsPath"/>, and OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard <c>OTEL_*</c> variables).
/// </summary>
public static class ServeTelemetry
{
    public const string MetricsPath = "/metrics";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] Meters =
    [
        EngineTelemetry.Name, "CpqSync.*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Polly",
    ];

    private static readonly string[] Sources = [EngineTelemetry.Name, "CpqSync.*", "Microsoft.AspNetCore", "System.Net.Http"];

    /// <param name="otlp">Whether to export over OTLP: the exporter reads <c>OTEL_EXPORTER_OTLP_*</c> from the configuration.</param>
    public static IServiceCollection AddServeTelemetry(this IServiceCollection services, bool otlp)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("cpqsync", serviceVersion: typeof(ServeTelemetry).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(Sources);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary>
    /// The process's standard OpenTelemetry variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
    /// <c>OTEL_SERVICE_NAME</c>…), unprefixed, as the exporter expects to find them in the configuration.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> OtelVariables(CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.Variables
            .Where(v => v.Key.StartsWith("OTEL_", StringComparison.Ordinal))
            .Select(v => new KeyValuePair<string, string?>(v.Key, v.Value));
    }

    public static bool ExportsOtlp(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
    }
}
