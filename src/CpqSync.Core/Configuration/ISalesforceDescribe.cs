namespace CpqSync.Core.Configuration;

/// <summary>One field as Salesforce describe reports it.</summary>
/// <param name="Type">Describe type: <c>string</c>, <c>picklist</c>, <c>double</c>, <c>int</c>, <c>currency</c>,
/// <c>percent</c>, <c>boolean</c>, <c>date</c>, <c>datetime</c>, <c>reference</c>, <c>id</c>, <c>textarea</c>, …</param>
/// <param name="ReferenceTo">For lookups: the sObject(s) referenced.</param>
/// <param name="Readable">False when field-level security hides it from the syncing user.</param>
public sealed record SalesforceField(string Name, string Type, IReadOnlyList<string> ReferenceTo, bool Readable = true);

/// <summary>
/// What configuration validation needs from Salesforce describe. The engine fills it from describe calls; the
/// core never calls Salesforce.
/// </summary>
public interface ISalesforceDescribe
{
    /// <summary>The field, or null when the object has no such field.</summary>
    SalesforceField? Field(string sObjectType, string fieldName);

    /// <summary>True when <paramref name="name"/> is a child (to-many) relationship of the object.</summary>
    bool IsChildRelationship(string sObjectType, string name);
}

/// <summary>An in-memory <see cref="ISalesforceDescribe"/>, filled from describe results.</summary>
public sealed class SalesforceDescribeCatalog : ISalesforceDescribe
{
    private readonly Dictionary<string, Dictionary<string, SalesforceField>> _fields = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.OrdinalIgnoreCase);

    public SalesforceDescribeCatalog Add(string sObjectType, IEnumerable<SalesforceField> fields, IEnumerable<string>? childRelationships = null)
    {
        var map = _fields.TryGetValue(sObjectType, out var existing) ? existing : _fields[sObjectType] = new(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            map[field.Name] = field;
        }

        var children = _children.TryGetValue(sObjectType, out var set) ? set : _children[sObjectType] = new(StringComparer.OrdinalIgnoreCase);
        children.UnionWith(childRelationships ?? []);
        return this;
    }

    public SalesforceField? Field(string sObjectType, string fieldName) =>
        _fields.TryGetValue(sObjectType, out var map) && map.TryGetValue(fieldName, out var field) ? field : null;

    public bool IsChildRelationship(string sObjectType, string name) =>
        _children.TryGetValue(sObjectType, out var set) && set.Contains(name);
}
