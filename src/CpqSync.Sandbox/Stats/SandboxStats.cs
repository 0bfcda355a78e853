using System.Text.Json;
using System.Text.Json.Serialization;

namespace CpqSync.Sandbox.Stats;

/// <summary>
/// What a sandbox served since its counting started, as <c>GET /_sandbox/stats</c> answers it: the requests per endpoint
/// (method and route template, ids and the Salesforce API version folded, e.g. <c>GET /v1/customers/{id}</c> or
/// <c>POST /services/data/vXX.X/composite</c>) and their totals. Control endpoints (<c>/_sandbox/…</c>) are not counted.
/// </summary>
public sealed record SandboxStats
{
    /// <summary>The serializer settings of the endpoint and of <see cref="SandboxStatsClient"/>: camelCase, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>When the counting started: the sandbox's start, or the last reset.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>Every request counted, whatever its endpoint.</summary>
    public EndpointCounts Totals { get; init; } = new();

    /// <summary>The counts per endpoint, keyed <c>METHOD /route/{template}</c>, in ordinal order of the key.</summary>
    public IReadOnlyDictionary<string, EndpointCounts> Endpoints { get; init; } = new Dictionary<string, EndpointCounts>();

    /// <summary>The Salesforce org's Pub/Sub API usage (its own port, not HTTP/1 requests); absent for Stripe.</summary>
    public PubSubCounts? PubSub { get; init; }

    /// <summary>The counts of one endpoint, all zero when it received no request.</summary>
    public EndpointCounts Endpoint(string endpoint) => Endpoints.GetValueOrDefault(endpoint) ?? new EndpointCounts();
}

/// <summary>The requests one endpoint (or all of them) received and how they were answered.</summary>
public sealed record EndpointCounts
{
    public long Requests { get; init; }

    [JsonPropertyName("2xx")]
    public long Status2xx { get; init; }

    [JsonPropertyName("3xx")]
    public long Status3xx { get; init; }

    [JsonPropertyName("4xx")]
    public long Status4xx { get; init; }

    [JsonPropertyName("5xx")]
    public long Status5xx { get; init; }

    /// <summary>Answered <c>429 Too Many Requests</c> (also counted in <see cref="Status4xx"/>).</summary>
    [JsonPropertyName("429")]
    public long RateLimited { get; init; }

    /// <summary>Connections dropped (an injected fault) or abandoned by the client before an answer; no status class.</summary>
    public long Dropped { get; init; }

    /// <summary>
    /// Salesforce only: calls counted against the org's daily API allowance (a composite counts once; OAuth, refused and
    /// over-the-limit calls don't).
    /// </summary>
    public long? ApiUsage { get; init; }

    /// <summary>Salesforce only: subrequests sent in <c>composite</c> calls.</summary>
    public long? Subrequests { get; init; }

    /// <summary>Salesforce only: records (or ids) sent in sObject Collections calls, including those inside a composite.</summary>
    public long? Records { get; init; }
}

/// <summary>What clients did on the org's Pub/Sub API since the counting started (see the org's <c>PubSubUsage</c>).</summary>
public sealed record PubSubCounts
{
    /// <summary>RPCs started: GetTopic, GetSchema and Subscribe streams.</summary>
    public long Calls { get; init; }

    /// <summary>FetchRequests received on Subscribe streams.</summary>
    public long FetchRequests { get; init; }

    /// <summary>Change events delivered to subscribers (keep-alives not counted).</summary>
    public long EventsDelivered { get; init; }
}
