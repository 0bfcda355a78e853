namespace CpqSync.Sandbox.Salesforce.Org;

// THROWAWAY STUB for the HTTP layer until the org helper's code lands in main.
public sealed record OrgUser(string Id, string Username, string Name, string Email);

public sealed record OrgInfo(
    string OrganizationId,
    OrgUser ApiUser,
    string CorporateCurrency,
    IReadOnlyList<string> ActiveCurrencies,
    string StandardPricebookId);

public sealed class OrgTransaction
{
    public bool RollbackRequested { get; private set; }

    public void MarkRollback() => RollbackRequested = true;
}
