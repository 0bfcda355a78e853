namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>
/// The emulated org's currencies: USD is the corporate currency; these are active (incl. zero- and three-decimal
/// ones) when multi-currency is on. A single-currency org keeps only USD and has no <c>CurrencyIsoCode</c> fields.
/// </summary>
public static class OrgCurrencies
{
    public const string Corporate = "USD";

    public static readonly IReadOnlyList<string> Active = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "KRW", "BHD"];

    /// <summary>Units of the currency per corporate (USD) unit, as an admin would have entered them.</summary>
    public static decimal ConversionRate(string currency) => currency switch
    {
        "USD" => 1m,
        "EUR" => 0.92m,
        "GBP" => 0.79m,
        "JPY" => 150m,
        "CAD" => 1.36m,
        "AUD" => 1.52m,
        "CHF" => 0.88m,
        "SEK" => 10.5m,
        "KRW" => 1330m,
        "BHD" => 0.376m,
        _ => 1m,
    };

    /// <summary>ISO 4217 minor units.</summary>
    public static int DecimalPlaces(string currency) => currency switch
    {
        "JPY" or "KRW" => 0,
        "BHD" => 3,
        _ => 2,
    };

    /// <summary>The org's schema with multi-currency off: no <c>CurrencyIsoCode</c> on any object and no <c>CurrencyType</c>.</summary>
    public static OrgSchema WithoutMultiCurrency(OrgSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new OrgSchema(schema.Objects
            .Where(o => !string.Equals(o.Name, "CurrencyType", StringComparison.OrdinalIgnoreCase))
            .Select(o => o.FindField("CurrencyIsoCode") is null
                ? o
                : new SObjectSchema(o.Name, o.Label, o.LabelPlural, o.KeyPrefix, o.Custom,
                    o.Fields.Values.Where(f => !string.Equals(f.Name, "CurrencyIsoCode", StringComparison.OrdinalIgnoreCase)),
                    o.ChildRelationships.Values)
                {
                    ValidationRules = o.ValidationRules,
                    Createable = o.Createable,
                    Updateable = o.Updateable,
                    Deletable = o.Deletable,
                }));
    }
}
