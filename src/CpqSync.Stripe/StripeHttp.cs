namespace CpqSync.Stripe;

/// <summary>Names shared by the DI registration and the applier.</summary>
internal static class StripeHttp
{
    /// <summary>The <see cref="IHttpClientFactory"/> client every Stripe call goes through.</summary>
    public const string ClientName = "CpqSync.Stripe";
}
