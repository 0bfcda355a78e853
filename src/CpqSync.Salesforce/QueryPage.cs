using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

/// <summary>One page of a query result: <c>{"totalSize":n,"done":false,"nextRecordsUrl":"…","records":[…]}</c>.</summary>
public sealed record QueryPage(int TotalSize, bool Done, string? NextRecordsUrl, IReadOnlyList<JsonObject> Records);
