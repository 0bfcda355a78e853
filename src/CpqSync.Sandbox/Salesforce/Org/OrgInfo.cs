namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Facts about the org that the OAuth and REST endpoints report (identity, limits, currencies).</summary>
public sealed record OrgInfo(
    string OrganizationId,
    OrgUser ApiUser,
    string CorporateCurrency,
    IReadOnlyList<string> ActiveCurrencies,
    string StandardPricebookId);

/// <summary>The user every API call runs as.</summary>
public sealed record OrgUser(string Id, string Username, string Name, string Email);
