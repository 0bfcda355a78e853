using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using CpqSync.Engine.Connections;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// <c>GET /healthz</c>: 200 when the store, Salesforce and Stripe answer, 503 otherwise. Anonymous (a load balancer, a
/// monitor) it answers the status and the state only, and without credentials <c>"status": "not connected"</c> with the
/// missing settings' names: never an identifier (org, user, instance, Stripe account) nor a service's error. Signed in,
/// the details too: each service with who we are there, the next step, the last live sync poll. The checks run at most
/// every <see cref="CacheFor"/>, so a probe costs at most one Salesforce call per interval.
/// </summary>
public static class HealthEndpoint
{
    public const string Path = "/healthz";

    public static TimeSpan CacheFor { get; } = TimeSpan.FromSeconds(10);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointConventionBuilder MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet(Path, async (HttpContext context, HealthChecks checks) =>
        {
            var report = await checks.RunAsync(context.RequestAborted);
            context.Response.StatusCode = report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.CacheControl = "no-store";
            var json = context.User.Identity?.IsAuthenticated == true ? report.Json : Anonymous(report.Json);
            await context.Response.WriteAsync(json.ToJsonString(Indented), context.RequestAborted);
        }).AllowAnonymous();
    }

    /// <summary>What anyone may read: the status, the state and the names of missing settings.</summary>
    private static JsonObject Anonymous(JsonObject details)
    {
        var status = new JsonObject { ["status"] = details["status"]?.DeepClone(), ["state"] = details["state"]?.DeepClone() };
        if (details["missing"] is { } missing)
        {
            status["missing"] = missing.DeepClone();
        }

        return status;
    }

    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<HealthChecks>();
}

/// <summary>The connection's state, as the dashboard, the set-up overview and <c>/healthz</c> name it.</summary>
public enum ConnectionState
{
    /// <summary>Salesforce and Stripe answer and live sync is on.</summary>
    Connected,

    /// <summary>Salesforce and Stripe answer, but live sync is off: mapping and preferences to review, then live sync.</summary>
    SetupUnfinished,

    /// <summary>A credential is not given (settings nor wizard): <c>not connected</c>.</summary>
    CredentialsMissing,

    /// <summary>Salesforce or Stripe answered and refused the credentials.</summary>
    CredentialsRefused,

    SalesforceUnreachable,

    StripeUnreachable,

    StoreUnreadable,
}

/// <summary>One health report: the state, what is missing, the next step, and the JSON <c>/healthz</c> answers.</summary>
/// <param name="Healthy">Whether the store, Salesforce and Stripe answer (what makes <c>/healthz</c> answer 200).</param>
/// <param name="Missing">The credentials not given, by setting name.</param>
/// <param name="Problem">The first service's problem, in one line, when there is one.</param>
/// <param name="NextStep">What to do next, in words; <see cref="NextLink"/> is where.</param>
public sealed record HealthReport(
    bool Healthy, ConnectionState State, IReadOnlyList<string> Missing, string? Problem, string NextStep, string? NextLink, JsonObject Json)
{
    /// <summary>The state in a few words (<c>not connected</c>, <c>credentials refused</c>…).</summary>
    public string StateText => Describe(State);

    public static string Describe(ConnectionState state) => state switch
    {
        ConnectionState.Connected => "connected",
        ConnectionState.SetupUnfinished => "set-up unfinished",
        ConnectionState.CredentialsMissing => "not connected",
        ConnectionState.CredentialsRefused => "credentials refused",
        ConnectionState.SalesforceUnreachable => "Salesforce unreachable",
        ConnectionState.StripeUnreachable => "Stripe unreachable",
        _ => "store unreadable",
    };
}

/// <summary>
/// Runs the reachability checks (none for a service whose credentials are missing) and remembers the result for
/// <see cref="HealthEndpoint.CacheFor"/>, or until the credentials change.
/// </summary>
public sealed class HealthChecks(
    ServiceReachability reachability,
    ConnectionCredentials credentials,
    StoredCredentialsLayer storedCredentials,
    RunningConnection connection,
    ConnectionDocumentStore documents,
    LiveSyncStatus status,
    TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Checked? _cached;

    public async Task<HealthReport> RunAsync(CancellationToken cancellationToken)
    {
        var missing = credentials.Missing;
        var results = await ServicesAsync(cancellationToken);
        var liveSync = (await documents.LoadAsync(connection.Current.Id, cancellationToken))?.Document.LiveSync ?? false;
        var (state, problem) = StateOf(results, liveSync);
        var (next, link) = NextStep(state, missing);
        var healthy = results.All(r => r.Result.Reachable);
        var json = new JsonObject
        {
            ["status"] = healthy ? "healthy" : state == ConnectionState.CredentialsMissing ? "not connected" : "unhealthy",
            ["state"] = HealthReport.Describe(state),
            ["connection"] = connection.Current.Name,
        };
        if (missing.Count > 0)
        {
            json["missing"] = new JsonArray([.. missing.Select(m => (JsonNode?)JsonValue.Create(m))]);
        }

        json["next_step"] = next;
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

            json[name] = entry;
        }

        json["live_sync"] = liveSync;
        json["last_poll"] = status.LastPoll is { } poll
            ? new JsonObject
            {
                ["at"] = poll.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
                ["live_sync"] = poll.LiveSync,
                ["queued"] = poll.Queued,
                ["error"] = poll.Error,
            }
            : null;
        return new HealthReport(healthy, state, missing, problem, next, link, json);
    }

    private static (ConnectionState State, string? Problem) StateOf(IReadOnlyList<(string Name, Reachability Result)> results, bool liveSync)
    {
        var store = results[0].Result;
        var salesforce = results[1].Result;
        var stripe = results[2].Result;
        if (!store.Reachable)
        {
            return (ConnectionState.StoreUnreadable, store.Problem);
        }

        if (salesforce.Failure == ReachabilityFailure.NotConnected || stripe.Failure == ReachabilityFailure.NotConnected)
        {
            return (ConnectionState.CredentialsMissing, salesforce.Problem ?? stripe.Problem);
        }

        if (salesforce.Failure == ReachabilityFailure.Refused || stripe.Failure == ReachabilityFailure.Refused)
        {
            return (ConnectionState.CredentialsRefused, salesforce.Failure == ReachabilityFailure.Refused ? salesforce.Problem : stripe.Problem);
        }

        if (!salesforce.Reachable)
        {
            return (ConnectionState.SalesforceUnreachable, salesforce.Problem);
        }

        if (!stripe.Reachable)
        {
            return (ConnectionState.StripeUnreachable, stripe.Problem);
        }

        return (liveSync ? ConnectionState.Connected : ConnectionState.SetupUnfinished, null);
    }

    private static (string Text, string? Link) NextStep(ConnectionState state, IReadOnlyList<string> missing) => state switch
    {
        ConnectionState.CredentialsMissing when missing.All(m => m.StartsWith("Stripe:", StringComparison.Ordinal)) =>
            ("Enter your Stripe API key in the set-up wizard's Authorize step.", "/setup/authorize"),
        ConnectionState.CredentialsMissing =>
            ("Connect Salesforce and enter your Stripe API key in the set-up wizard's Authorize step.", "/setup/authorize"),
        ConnectionState.CredentialsRefused =>
            ("Connect again in the set-up wizard's Authorize step: the stored or configured credentials were refused.", "/setup/authorize"),
        ConnectionState.SalesforceUnreachable =>
            ("Check the Salesforce login URL and this server's network access; the check runs again shortly.", "/setup/authorize"),
        ConnectionState.StripeUnreachable =>
            ("Check the Stripe API base and this server's network access; the check runs again shortly.", "/setup/authorize"),
        ConnectionState.SetupUnfinished =>
            ("Review the data mapping and sync preferences, then turn live sync on on the dashboard.", "/setup"),
        ConnectionState.StoreUnreadable => ("Check the Storage settings and that the database is up.", null),
        _ => ("Nothing to do: orders sync as they are activated.", null),
    };

    private async Task<IReadOnlyList<(string Name, Reachability Result)>> ServicesAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var version = storedCredentials.Version;
            if (_cached is { } cached && cached.CredentialsVersion == version && time.GetUtcNow() - cached.At < HealthEndpoint.CacheFor)
            {
                return cached.Results;
            }

            var store = reachability.CheckStoreAsync(cancellationToken);
            var salesforce = reachability.CheckSalesforceAsync(cancellationToken);
            var stripe = reachability.CheckStripeAsync(cancellationToken);
            var results = new[] { ("store", await store), ("salesforce", await salesforce), ("stripe", await stripe) };
            _cached = new Checked(time.GetUtcNow(), version, results);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Checked(DateTimeOffset At, int CredentialsVersion, IReadOnlyList<(string Name, Reachability Result)> Results);
}
