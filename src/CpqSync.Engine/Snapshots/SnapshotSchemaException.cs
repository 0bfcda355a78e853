namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The org lacks objects or fields a sync reads: CpqSync's package is not deployed, the integration user cannot
/// see a field, or a custom mapping names a field that does not exist. Nothing was planned.
/// </summary>
public sealed class SnapshotSchemaException(IReadOnlyList<string> missing)
    : Exception($"The org lacks what a sync reads ({string.Join(", ", missing)}): deploy CpqSync's Salesforce package, grant the integration user read access, or fix the field mappings.")
{
    /// <summary>Each missing item as <c>Object</c> or <c>Object.Field</c>.</summary>
    public IReadOnlyList<string> Missing { get; } = missing;
}
