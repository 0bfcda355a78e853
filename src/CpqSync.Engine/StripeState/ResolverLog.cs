using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.StripeResolution;

/// <summary>Stable event ids of the Stripe state resolution's log messages.</summary>
public static class StripeResolutionEventIds
{
    public const int Resolved = 6400;
    public const int Recovered = 6401;
}

internal static partial class ResolverLog
{
    [LoggerMessage(StripeResolutionEventIds.Resolved, LogLevel.Debug,
        "Resolved Stripe state for order {OrderId} in {StripeCalls} Stripe calls ({Recovered} ids recovered by metadata)")]
    public static partial void Resolved(this ILogger logger, string orderId, int stripeCalls, int recovered);

    [LoggerMessage(StripeResolutionEventIds.Recovered, LogLevel.Warning,
        "{SObjectType} {RecordId} has no Stripe_ID__c but Stripe holds {StripeId} created for it: reusing it instead of creating a duplicate")]
    public static partial void Recovered(this ILogger logger, string sObjectType, string recordId, string stripeId);
}
