using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Reads a field, following lookups to parent records through the record source.</summary>
internal sealed class RecordNavigator
{
    private readonly IRecordSource _records;

    public RecordNavigator(IRecordSource records) => _records = records;

    /// <summary>The record at the end of the path's lookups, or null where a lookup is empty.</summary>
    public SObjectRecord? Walk(SObjectRecord record, BoundPath path)
    {
        SObjectRecord? current = record;
        var lookups = path.Lookups;
        for (var i = 0; i < lookups.Count; i++)
        {
            current = Parent(current, lookups[i]);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public SObjectRecord? Parent(SObjectRecord record, FieldSchema lookup) =>
        record[lookup.Name] is string id ? _records.Find(id) : null;

    public object? Read(SObjectRecord record, BoundPath path)
    {
        var owner = path.Lookups.Count == 0 ? record : Walk(record, path);
        if (owner is null)
        {
            return null;
        }

        return path.IsDeletedFlag ? owner.IsDeleted : owner[path.Field.Name];
    }

    /// <summary>A stored value; <c>IsDeleted</c> reflects the record's state, which the store keeps outside its values.</summary>
    public static object? Read(SObjectRecord record, FieldSchema field) =>
        field.Name.Equals("IsDeleted", StringComparison.OrdinalIgnoreCase) ? record.IsDeleted : record[field.Name];
}
