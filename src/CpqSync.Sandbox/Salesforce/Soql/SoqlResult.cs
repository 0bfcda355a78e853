using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Every row of a query, shaped as Salesforce's REST JSON, in result order (paging is the caller's job).
/// For <c>SELECT COUNT()</c>, <see cref="IsCount"/> is true, <see cref="TotalSize"/> is the count and there are no records.
/// </summary>
public sealed record SoqlResult(int TotalSize, IReadOnlyList<JsonObject> Records, bool IsCount);
