namespace CpqSync.Core.Mapping;

/// <summary>The parts of a Stripe price that make two prices "the same" (docs/behaviour.md §3.6, §3.10).</summary>
public static class PriceData
{
    /// <summary>
    /// Top-level price parameters compared, in form encoding: <c>currency</c>, <c>unit_amount_decimal</c>,
    /// <c>billing_scheme</c>, <c>tiers_mode</c>, <c>tiers[n][up_to|unit_amount_decimal|flat_amount_decimal]</c>,
    /// <c>recurring[interval|interval_count|usage_type]</c>. Amounts are in minor units as decimal text without
    /// trailing zeros; <c>up_to</c> of the last tier is <c>inf</c>. <c>recurring[meter]</c> is not compared: it names
    /// the billing meter the price reports usage to, not what the price charges.
    /// </summary>
    public static IReadOnlyList<string> ComparedKeys { get; } =
        ["currency", "unit_amount_decimal", "billing_scheme", "tiers_mode", "tiers", "recurring"];

    private const string MeterKey = "recurring[meter]";

    public static bool IsCompared(string formName)
    {
        if (formName == MeterKey)
        {
            return false;
        }

        foreach (var key in ComparedKeys)
        {
            if (formName == key || (formName.StartsWith(key, StringComparison.Ordinal) && formName.Length > key.Length && formName[key.Length] == '['))
            {
                return true;
            }
        }

        return false;
    }
}
