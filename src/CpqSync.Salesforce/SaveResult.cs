namespace CpqSync.Salesforce;

/// <summary>
/// The outcome of writing one record: <c>{"id":"…","success":true,"errors":[]}</c>, plus <c>created</c> for an upsert.
/// </summary>
public sealed record SaveResult(string? Id, bool Success, IReadOnlyList<SalesforceError> Errors, bool? Created = null)
{
    /// <summary>The error code Salesforce uses for records of an all-or-none batch that were rolled back or never sent.</summary>
    public const string RolledBackCode = "ALL_OR_NONE_OPERATION_ROLLED_BACK";
}
