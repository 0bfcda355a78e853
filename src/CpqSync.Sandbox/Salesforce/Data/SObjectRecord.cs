namespace CpqSync.Sandbox.Salesforce.Data;

/// <summary>
/// One stored record. Values are typed CLR values keyed by field API name (case-insensitive):
/// <c>string</c> for ids, text, picklists and references; <c>bool</c>; <c>decimal</c> for every number;
/// <see cref="DateOnly"/> for dates; <see cref="DateTimeOffset"/> (UTC) for datetimes; <c>null</c> when empty.
/// Compound fields (addresses) are not stored: they are derived from their components when read.
/// </summary>
public sealed class SObjectRecord
{
    public SObjectRecord(string objectName, string id)
    {
        ObjectName = objectName;
        Id = id;
        Values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Id"] = id };
    }

    private SObjectRecord(string objectName, string id, Dictionary<string, object?> values)
    {
        ObjectName = objectName;
        Id = id;
        Values = values;
    }

    /// <summary>The sObject type, spelled as in the schema (e.g. <c>OrderItem</c>).</summary>
    public string ObjectName { get; }

    /// <summary>The 18-character id.</summary>
    public string Id { get; }

    public Dictionary<string, object?> Values { get; }

    /// <summary>True once deleted: such records are seen only by <c>queryAll</c>.</summary>
    public bool IsDeleted { get; set; }

    /// <summary>A field's value; empty fields are not kept (a CPQ record has hundreds), so a large org fits in memory.</summary>
    public object? this[string field]
    {
        get => Values.GetValueOrDefault(field);
        set
        {
            if (value is null)
            {
                Values.Remove(field);
            }
            else
            {
                Values[field] = value;
            }
        }
    }

    public SObjectRecord Clone() => new(ObjectName, Id, new Dictionary<string, object?>(Values, StringComparer.OrdinalIgnoreCase)) { IsDeleted = IsDeleted };
}
