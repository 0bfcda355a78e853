using System.ComponentModel.DataAnnotations;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>The org's Pub/Sub API endpoint and its event bus (Change Data Capture).</summary>
public sealed class PubSubOptions
{
    /// <summary>The gRPC endpoint's own port (HTTP/2 cleartext); 0 picks any free port.</summary>
    [Range(0, 65535)]
    public int Port { get; init; }

    /// <summary>
    /// How long a subscription may stay silent before the server sends an empty <c>FetchResponse</c> carrying the latest
    /// replay id (a keep-alive). Salesforce sends one within 270 seconds; measured on the sandbox's clock.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(270);

    /// <summary>How long the bus keeps change events: 72 hours on Salesforce, measured on the sandbox's clock.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Changes in one transaction beyond which Salesforce stops sending one event per change and sends one
    /// <c>GAP_OVERFLOW</c> event per object instead (100,000 on Salesforce).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int OverflowThreshold { get; init; } = 100_000;

    internal void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAliveInterval, TimeSpan.Zero, nameof(KeepAliveInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Retention, TimeSpan.Zero, nameof(Retention));
    }
}
