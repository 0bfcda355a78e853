namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Facts about the org that the OAuth and REST endpoints report (identity, limits, currencies), and that its
/// <c>Organization</c> and <c>CurrencyType</c> records hold.
/// </summary>
/// <param name="MultiCurrency">Whether multi-currency is on: records have <c>CurrencyIsoCode</c> and <c>CurrencyType</c> exists.</param>
/// <param name="TimeZone">The org's default time zone (<c>Organization.TimeZoneSidKey</c>).</param>
public sealed record OrgInfo(
    string OrganizationId,
    OrgUser ApiUser,
    string CorporateCurrency,
    IReadOnlyList<string> ActiveCurrencies,
    string StandardPricebookId,
    bool MultiCurrency = true,
    string OrganizationName = "CpqSync Sandbox",
    bool IsSandbox = true,
    string OrganizationType = "Enterprise Edition",
    string TimeZone = "GMT");

/// <summary>The user every API call runs as.</summary>
public sealed record OrgUser(string Id, string Username, string Name, string Email);
