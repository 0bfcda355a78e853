using System.Globalization;
using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>
/// The <c>--seed</c> value: <c>empty</c>, <c>demo</c> or <c>scale:N</c>, each optionally followed by
/// <c>-single-currency</c> for an org without multi-currency (no <c>CurrencyIsoCode</c> fields, no <c>CurrencyType</c>).
/// </summary>
internal sealed record SeedSpec(string Kind, int Orders, bool MultiCurrency = true)
{
    public const string SingleCurrencySuffix = "-single-currency";

    public static SeedSpec Parse(string? value)
    {
        var text = (value ?? "empty").Trim();
        if (text.EndsWith(SingleCurrencySuffix, StringComparison.OrdinalIgnoreCase))
        {
            return ParseKind(text[..^SingleCurrencySuffix.Length], value) with { MultiCurrency = false };
        }

        return ParseKind(text, value);
    }

    private static SeedSpec ParseKind(string text, string? value)
    {
        if (text.Equals("empty", StringComparison.OrdinalIgnoreCase) || text.Length == 0)
        {
            return new SeedSpec("empty", 0);
        }

        if (text.Equals("demo", StringComparison.OrdinalIgnoreCase))
        {
            return new SeedSpec("demo", 0);
        }

        if (text.StartsWith("scale:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text["scale:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var orders) && orders >= 0)
        {
            return new SeedSpec("scale", orders);
        }

        throw new ArgumentException(
            $"Unknown seed '{value}': use empty, demo or scale:N, optionally followed by {SingleCurrencySuffix}.", nameof(value));
    }

    internal void Run(DmlEngine dml)
    {
        switch (Kind)
        {
            case "demo":
                DemoSeed.Run(dml);
                break;
            case "scale":
                ScaleSeed.Run(dml, Orders);
                break;
        }
    }
}
