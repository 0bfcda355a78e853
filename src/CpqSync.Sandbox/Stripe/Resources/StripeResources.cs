using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>Every emulated resource's endpoints.</summary>
internal static class StripeResources
{
    public static void Map(StripeRouter router, StripeAccount account)
    {
        CustomerApi.Map(router);
        ProductApi.Map(router);
        PriceApi.Map(router);
        CouponApi.Map(router);
        _ = account;
    }
}
