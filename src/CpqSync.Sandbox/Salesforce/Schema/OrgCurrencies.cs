namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>The emulated org is multi-currency: USD is the corporate currency; these are active (incl. zero- and three-decimal ones).</summary>
public static class OrgCurrencies
{
    public const string Corporate = "USD";

    public static readonly IReadOnlyList<string> Active = ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "KRW", "BHD"];
}
