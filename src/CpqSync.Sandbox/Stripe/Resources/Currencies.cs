using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// The currencies the emulated account accepts, and Stripe's zero-decimal ones, whose amounts are whole units
/// (a JPY <c>unit_amount</c> of 1000 is ¥1,000, not ¥10).
/// </summary>
internal static class Currencies
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "usd", "aed", "aud", "bgn", "brl", "cad", "chf", "clp", "cny", "czk", "dkk", "eur", "gbp", "hkd", "huf", "idr",
        "ils", "inr", "isk", "jpy", "krw", "mxn", "myr", "nok", "nzd", "php", "pln", "ron", "sar", "sek", "sgd", "thb",
        "try", "twd", "vnd", "zar", "bif", "djf", "gnf", "kmf", "mga", "pyg", "rwf", "ugx", "vuv", "xaf", "xof", "xpf",
    };

    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.Ordinal)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    public static bool IsZeroDecimal(string currency) => ZeroDecimal.Contains(currency);

    /// <summary>The request's currency, lower-cased as Stripe stores it, or an error naming the parameter.</summary>
    public static string Parse(string value, string param)
    {
        var currency = value.ToLowerInvariant();
        if (!Supported.Contains(currency))
        {
            throw StripeErrorException.Invalid(
                $"Invalid currency: {currency}. Stripe currently supports these currencies: {string.Join(", ", Supported)}", param);
        }

        return currency;
    }
}
