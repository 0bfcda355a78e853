namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Handed to <see cref="SalesforceOrg.Transaction{T}"/>'s work: lets it undo everything it did without throwing.</summary>
public sealed class OrgTransaction
{
    internal bool RollbackRequested { get; private set; }

    /// <summary>Undo every change made inside this transaction when the work returns (used for allOrNone failures).</summary>
    public void MarkRollback() => RollbackRequested = true;
}
