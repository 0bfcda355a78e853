using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

// THROWAWAY STUB for the HTTP layer until the org helper's code lands in main.
public sealed class SalesforceOrgOptions
{
    public string Seed { get; init; } = "empty";
    public string? DataDirectory { get; init; }
    public string? SchemaDirectory { get; init; }
    public IReadOnlyList<SObjectSchema> ExtraSchema { get; init; } = [];
}
