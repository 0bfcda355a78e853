using System.Globalization;

namespace CpqSync.Core.Mapping;

/// <summary>
/// Decimal amounts → Stripe minor units, aware of each currency's exponent (docs/behaviour.md §3.9): never assume ×100.
/// </summary>
public static class Amounts
{
    // Stripe's zero-decimal and three-decimal currencies (docs.stripe.com/currencies).
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    };

    private static readonly HashSet<string> ThreeDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "bhd", "jod", "kwd", "omr", "tnd",
    };

    /// <summary>The largest amount Stripe bills per unit, in minor units: eight digits (999,999.99 USD).</summary>
    public const decimal MaxMinorUnits = 99_999_999m;

    public static int Exponent(string currency) =>
        ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;

    /// <summary>The amount in minor units, rounded to Stripe's 12 decimal places.</summary>
    public static decimal ToMinorUnits(decimal amount, string currency)
    {
        var factor = Exponent(currency) switch { 0 => 1m, 3 => 1000m, _ => 100m };
        return Math.Round(amount * factor, 12, MidpointRounding.AwayFromZero);
    }

    /// <summary>Invariant text without trailing zeros or exponent: <c>1234.5</c>, <c>0.000000000001</c>, <c>30</c>.</summary>
    public static string Format(decimal value)
    {
        var rounded = Math.Round(value, 12, MidpointRounding.AwayFromZero);
        // Most amounts are whole minor units; integer formatting is several times cheaper than a custom format.
        if (rounded == decimal.Truncate(rounded) && rounded >= long.MinValue && rounded <= long.MaxValue)
        {
            return ((long)rounded).ToString(CultureInfo.InvariantCulture);
        }

        return rounded.ToString("0.############", CultureInfo.InvariantCulture);
    }

    /// <summary>Whole-number minor units for integer-only Stripe fields (<c>amount_off</c>, invoice item <c>amount</c>).</summary>
    public static long ToWholeMinorUnits(decimal amount, string currency) =>
        (long)Math.Round(ToMinorUnits(amount, currency), 0, MidpointRounding.AwayFromZero);

    public static bool IsWhole(decimal value) => value == decimal.Truncate(value);
}
