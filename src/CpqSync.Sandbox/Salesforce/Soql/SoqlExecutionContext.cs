namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// What one query execution depends on besides its text: the org's clock (for <c>TODAY</c>, <c>LAST_N_DAYS:n</c>…),
/// the API version of the request (it appears in every <c>attributes.url</c>) and whether deleted rows are visible
/// (<c>queryAll</c>).
/// </summary>
public sealed record SoqlExecutionContext(DateTimeOffset Now, string ApiVersion, bool IncludeDeleted);
