namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>One sObject type: its describe-level facts, fields and child relationships.</summary>
public sealed class SObjectSchema
{
    public SObjectSchema(
        string name,
        string label,
        string labelPlural,
        string keyPrefix,
        bool custom,
        IEnumerable<FieldSchema> fields,
        IEnumerable<ChildRelationshipSchema> childRelationships)
    {
        Name = name;
        Label = label;
        LabelPlural = labelPlural;
        KeyPrefix = keyPrefix;
        Custom = custom;
        Fields = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        ChildRelationships = childRelationships.ToDictionary(c => c.RelationshipName, StringComparer.OrdinalIgnoreCase);
        ParentRelationships = Fields.Values
            .Where(f => f.Type == FieldType.Reference && f.RelationshipName is not null)
            .ToDictionary(f => f.RelationshipName!, StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }
    public string Label { get; }
    public string LabelPlural { get; }
    public string KeyPrefix { get; }
    public bool Custom { get; }

    /// <summary>Fields by API name, case-insensitive as SOQL and REST are.</summary>
    public IReadOnlyDictionary<string, FieldSchema> Fields { get; }

    /// <summary>Child relationships by relationship name (e.g. <c>OrderItems</c> on Order).</summary>
    public IReadOnlyDictionary<string, ChildRelationshipSchema> ChildRelationships { get; }

    /// <summary>Reference fields by relationship name (e.g. <c>Account</c> -> <c>AccountId</c>).</summary>
    public IReadOnlyDictionary<string, FieldSchema> ParentRelationships { get; }

    /// <summary>Admin-defined validation rules, checked after Salesforce's own rules on insert and update.</summary>
    public IReadOnlyList<ValidationRuleSchema> ValidationRules { get; init; } = [];

    /// <summary>Whether the API may insert records (describe's <c>createable</c>); the org's own records are written anyway.</summary>
    public bool Createable { get; init; } = true;

    /// <summary>Whether the API may update records (describe's <c>updateable</c>).</summary>
    public bool Updateable { get; init; } = true;

    /// <summary>Whether the API may delete records (describe's <c>deletable</c>).</summary>
    public bool Deletable { get; init; } = true;

    public FieldSchema? FindField(string name) => Fields.GetValueOrDefault(name);
}

/// <summary>A child relationship: <paramref name="ChildObject"/> rows whose <paramref name="Field"/> points here.</summary>
/// <remarks><paramref name="CascadeDelete"/>: deleting the parent deletes these children (master-detail).</remarks>
public sealed record ChildRelationshipSchema(string RelationshipName, string ChildObject, string Field, bool CascadeDelete = false);
