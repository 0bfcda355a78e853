using Microsoft.Extensions.Logging;

namespace CpqSync.Salesforce.PubSub;

/// <summary>Stable event ids of the Pub/Sub client's log messages (4200–4299; the REST client has 4100–4199).</summary>
public static class PubSubEventIds
{
    public const int SessionRenewing = 4200;
    public const int SubscriptionReopening = 4201;
}

/// <summary>The Pub/Sub client's log messages. None of them carries a token or the session's headers.</summary>
internal static partial class Log
{
    [LoggerMessage(PubSubEventIds.SessionRenewing, LogLevel.Information, "The Pub/Sub API refused the session on {Method}; renewing it")]
    public static partial void PubSubSessionRenewing(this ILogger logger, string method);

    [LoggerMessage(PubSubEventIds.SubscriptionReopening, LogLevel.Information, "Reopening the Pub/Sub subscription to {Topic} ({Reason}) in {Delay}")]
    public static partial void PubSubSubscriptionReopening(this ILogger logger, string topic, string reason, TimeSpan delay);
}
