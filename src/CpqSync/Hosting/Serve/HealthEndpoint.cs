using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// <c>GET /healthz</c>, anonymous: whether the store, Salesforce and Stripe answer, and the last live sync poll.
/// 200 when all three answer, 503 otherwise. The checks run at most every <see cref="CacheFor"/>, so a probe
/// costs at most one Salesforce call per interval.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static TimeSpan CacheFor { get; } = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IEndpointConventionBuilder MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet(Path, async (HttpContext context, HealthChecks checks) =>
        {
            var report = await checks.RunAsync(context.RequestAborted);
            context.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(report.Json.ToJsonString(Indented), context.RequestAborted);
        }).AllowAnonymous();
    }

    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<HealthChecks>();
}

/// <summary>One health report, as JSON.</summary>
public sealed record HealthReport(bool Healthy, JsonObject Json);

/// <summary>Runs the reachability checks and remembers the result for <see cref="HealthEndpoint.CacheFor"/>.</summary>
public sealed class HealthChecks(ServiceReachability reachability, RunningConnection connection, LiveSyncStatus status, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, bool Healthy, JsonObject Services)? _cached;

    public async Task<HealthReport> RunAsync(CancellationToken cancellationToken)
    {
        var (healthy, services) = await ServicesAsync(cancellationToken);
        var json = new JsonObject
        {
            ["status"] = healthy ? "healthy" : "unhealthy",
            ["connection"] = connection.Current.Name,
        };
        foreach (var (name, value) in services)
        {
            json[name] = value?.DeepClone();
        }

        json["last_poll"] = status.LastPoll is { } poll
            ? new JsonObject
            {
                ["at"] = poll.At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["live_sync"] = poll.LiveSync,
                ["queued"] = poll.Queued,
                ["error"] = poll.Error,
            }
            : null;
        return new HealthReport(healthy, json);
    }

    private async Task<(bool Healthy, JsonObject Services)> ServicesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && time.GetUtcNow() - cached.At < HealthEndpoint.CacheFor)
            {
                return (cached.Healthy, cached.Services);
            }

            var store = reachability.CheckStoreAsync(cancellationToken);
            var salesforce = reachability.CheckSalesforceAsync(cancellationToken);
            var stripe = reachability.CheckStripeAsync(cancellationToken);
            var results = new[] { ("store", await store), ("salesforce", await salesforce), ("stripe", await stripe) };
            var services = new JsonObject();
            foreach (var (name, result) in results)
            {
                var entry = new JsonObject { ["reachable"] = result.Reachable };
                if (result.Problem is not null)
                {
                    entry["error"] = result.Problem;
                }

                foreach (var (key, value) in result.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
                {
                    entry[key] = value;
                }

                services[name] = entry;
            }

            var healthy = results.All(r => r.Item2.Reachable);
            _cached = (time.GetUtcNow(), healthy, services);
            return (healthy, services);
        }
        finally
        {
            _gate.Release();
        }
    }
}
