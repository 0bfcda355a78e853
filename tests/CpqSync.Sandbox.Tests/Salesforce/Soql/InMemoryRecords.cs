using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

/// <summary>A test double of the org store: records in insertion order, ids minted from the schema's key prefixes.</summary>
internal sealed class InMemoryRecords : IRecordSource
{
    private readonly OrgSchema _schema;
    private readonly List<SObjectRecord> _records = [];
    private readonly Dictionary<string, SObjectRecord> _byId = new(StringComparer.Ordinal);
    // Records by every id they hold in a field, so child lookups stay cheap in the 50,000-record tests.
    private readonly Dictionary<string, List<SObjectRecord>> _byReferencedId = new(StringComparer.Ordinal);
    private long _sequence;

    public InMemoryRecords(OrgSchema schema) => _schema = schema;

    /// <summary>How many times a query scanned a whole object: indexed filters should not.</summary>
    public int FullScans { get; private set; }

    public SObjectRecord Add(string objectName, params (string Field, object? Value)[] values)
    {
        var type = _schema.FindObject(objectName)!;
        var record = new SObjectRecord(type.Name, SalesforceId.Create(type.KeyPrefix, ++_sequence));
        foreach (var (field, value) in values)
        {
            record[field] = value;
            if (value is string text && SalesforceId.Normalize(text) is { } referenced)
            {
                if (!_byReferencedId.TryGetValue(referenced, out var holders))
                {
                    _byReferencedId[referenced] = holders = [];
                }

                holders.Add(record);
            }
        }

        _records.Add(record);
        _byId[record.Id] = record;
        return record;
    }

    public IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted)
    {
        FullScans++;
        return _records.Where(r => r.ObjectName.Equals(objectName, StringComparison.OrdinalIgnoreCase) && (includeDeleted || !r.IsDeleted));
    }

    public SObjectRecord? Find(string id) => SalesforceId.Normalize(id) is { } normal ? _byId.GetValueOrDefault(normal) : null;

    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted)
    {
        var parent = SalesforceId.Normalize(parentId);
        return _byReferencedId.GetValueOrDefault(parent ?? "", []).Where(r => r.ObjectName.Equals(childObject, StringComparison.OrdinalIgnoreCase)
            && (includeDeleted || !r.IsDeleted)
            && r[field] is string value && string.Equals(SalesforceId.Normalize(value), parent, StringComparison.Ordinal));
    }
}
