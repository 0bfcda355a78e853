using System.ComponentModel.DataAnnotations;

namespace CpqSync.Salesforce.PubSub;

/// <summary>How the client reaches the Pub/Sub API and paces its subscriptions.</summary>
public sealed class PubSubClientOptions : IValidatableObject
{
    /// <summary>Salesforce's Pub/Sub endpoint for real orgs.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://api.pubsub.salesforce.com:7443");

    /// <summary>The gRPC endpoint (<c>Salesforce:PubSubEndpoint</c>). The default value is <see cref="DefaultEndpoint"/>.</summary>
    public Uri Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>
    /// Events asked for at a time (<c>num_requested</c>); more are asked for once these are handled, so a slow consumer
    /// is never sent more than it can take. The default value is 100 (the API's maximum).
    /// </summary>
    [Range(1, 100)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// A stream that sends nothing (not even a keep-alive, which Salesforce sends about every 270 seconds) for this long
    /// is presumed dead and reopened. The default value is 6 minutes.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>First delay before reconnecting a failed stream; it doubles (with jitter) up to <see cref="MaxReconnectDelay"/>. The default value is 1 second.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between reconnection attempts. The default value is 2 minutes.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends the calls through this handler instead of a new <see cref="SocketsHttpHandler"/> (tests, proxies).</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("The Pub/Sub endpoint must be an absolute http(s) URL.", [nameof(Endpoint)]);
        }

        if (KeepAliveTimeout < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("The keep-alive timeout must be at least 1 second.", [nameof(KeepAliveTimeout)]);
        }

        if (ReconnectBaseDelay < TimeSpan.Zero || MaxReconnectDelay < ReconnectBaseDelay)
        {
            yield return new ValidationResult("The reconnect delays must be positive, the base no longer than the maximum.", [nameof(ReconnectBaseDelay)]);
        }
    }

    /// <exception cref="ValidationException">Names the first bad setting.</exception>
    public PubSubClientOptions Validated()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        return this;
    }
}

/// <summary>Where a subscription starts: the newest events, the oldest retained, or just after a stored replay id.</summary>
public sealed record ReplayStart(ReadOnlyMemory<byte>? After)
{
    public static ReplayStart Latest { get; } = new((ReadOnlyMemory<byte>?)null);

    public static ReplayStart AfterReplayId(ReadOnlyMemory<byte> replayId) => new(replayId);
}

/// <summary>
/// The Pub/Sub API refused a stored replay id (<c>sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted</c>):
/// usually older than the event bus's 72-hour retention. Events since then must be found another way.
/// </summary>
public sealed class PubSubReplayRejectedException(string topic, string message, Exception? inner = null)
    : Exception($"The Pub/Sub API refused the stored replay id of {topic}: {message}", inner)
{
    public string Topic { get; } = topic;
}
