using Microsoft.Extensions.Logging;

namespace CpqSync.Stripe.State;

/// <summary>Log messages of reading Stripe back (event ids 4101–4199, beside the applier's 40xx).</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug,
        Message = "Looked up {Count} Stripe ids ({Missing} missing or deleted) in {Calls} calls")]
    public static partial void StateRead(this ILogger logger, int count, int missing, int calls);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information,
        Message = "Found Stripe {ObjectType} {StripeId} by its metadata {MetadataKey}={Value} ({Matches} matches)")]
    public static partial void FoundByMetadata(this ILogger logger, string objectType, string stripeId, string metadataKey, string value, int matches);
}
