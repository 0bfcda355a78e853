using System.Text.Json;

namespace CpqSync.Salesforce;

/// <summary>The global describe: every object the user can see (<c>GET /sobjects</c>).</summary>
public sealed class GlobalDescribe
{
    public string? Encoding { get; init; }

    public int MaxBatchSize { get; init; }

    public IReadOnlyList<SObjectSummary> SObjects { get; init; } = [];
}

/// <summary>An object as the global describe lists it.</summary>
public sealed class SObjectSummary
{
    public string Name { get; init; } = string.Empty;

    public string? Label { get; init; }

    public string? LabelPlural { get; init; }

    public string? KeyPrefix { get; init; }

    public bool Custom { get; init; }

    public bool Createable { get; init; }

    public bool Updateable { get; init; }

    public bool Deletable { get; init; }

    public bool Queryable { get; init; }
}

/// <summary>One object's describe (<c>GET /sobjects/{type}/describe</c>); <see cref="Raw"/> holds everything else.</summary>
public sealed class SObjectDescribe
{
    public string Name { get; init; } = string.Empty;

    public string? Label { get; init; }

    public string? KeyPrefix { get; init; }

    public bool Custom { get; init; }

    public bool Createable { get; init; }

    public bool Updateable { get; init; }

    public IReadOnlyList<FieldDescribe> Fields { get; init; } = [];

    public IReadOnlyList<ChildRelationshipDescribe> ChildRelationships { get; init; } = [];

    public JsonElement Raw { get; internal set; }

    /// <summary>The field named <paramref name="name"/> (case-insensitive, as in Salesforce), or null.</summary>
    public FieldDescribe? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed class FieldDescribe
{
    public string Name { get; init; } = string.Empty;

    public string? Label { get; init; }

    /// <summary>The field type: <c>id</c>, <c>string</c>, <c>reference</c>, <c>picklist</c>, <c>currency</c>, <c>date</c>, …</summary>
    public string Type { get; init; } = string.Empty;

    public int Length { get; init; }

    public bool Nillable { get; init; }

    public bool Createable { get; init; }

    public bool Updateable { get; init; }

    public bool ExternalId { get; init; }

    public bool Unique { get; init; }

    public bool Calculated { get; init; }

    public IReadOnlyList<string> ReferenceTo { get; init; } = [];

    public string? RelationshipName { get; init; }

    public IReadOnlyList<PicklistValueDescribe> PicklistValues { get; init; } = [];
}

public sealed record PicklistValueDescribe(string Value, string? Label, bool Active, bool DefaultValue);

public sealed record ChildRelationshipDescribe(string ChildSObject, string Field, string? RelationshipName);
