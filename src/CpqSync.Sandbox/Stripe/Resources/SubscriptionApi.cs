using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary><c>/v1/subscriptions</c>: the subscriptions schedules create; retrieve, list, update, cancel.</summary>
internal static class SubscriptionApi
{
    /// <summary>Cancels a subscription now (customer deleted, schedule canceled or ended with <c>end_behavior=cancel</c>).</summary>
    public static void End(StripeAccount account, JsonObject subscription, long now)
    {
        _ = account;
        if (subscription["status"]?.GetValue<string>() == "canceled")
        {
            return;
        }

        subscription["status"] = "canceled";
        subscription["canceled_at"] = now;
        subscription["ended_at"] = now;
    }
}
