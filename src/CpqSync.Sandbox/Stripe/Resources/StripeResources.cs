using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>Every emulated resource's endpoints, and the work that moves objects along with time.</summary>
internal static class StripeResources
{
    public static void Map(StripeRouter router, StripeAccount account)
    {
        AccountApi.Map(router);
        CustomerApi.Map(router);
        ProductApi.Map(router);
        PriceApi.Map(router);
        CouponApi.Map(router);
        SubscriptionScheduleApi.Map(router);
        SubscriptionApi.Map(router);
        SubscriptionItemApi.Map(router);
        InvoiceItemApi.Map(router);
        InvoiceApi.Map(router);
        TestClockApi.Map(router);
        BillingMeterApi.Map(router);
    }
}
