namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>One field of an sObject, the subset of a describe field result the emulated org enforces.</summary>
public sealed record FieldSchema
{
    public required string Name { get; init; }
    public required string Label { get; init; }
    public required FieldType Type { get; init; }
    /// <summary>Maximum length of text fields; 0 when not a text field.</summary>
    public int Length { get; init; }
    public int Precision { get; init; }
    public int Scale { get; init; }
    public bool Nillable { get; init; } = true;
    public bool Createable { get; init; } = true;
    public bool Updateable { get; init; } = true;
    public bool Calculated { get; init; }
    public bool AutoNumber { get; init; }
    public bool ExternalId { get; init; }
    public bool Unique { get; init; }
    public bool Custom { get; init; }
    /// <summary>Target objects of a reference field (several for polymorphic lookups such as OwnerId).</summary>
    public IReadOnlyList<string> ReferenceTo { get; init; } = [];
    /// <summary>Name used in SOQL to walk to the parent (e.g. <c>Account</c> for <c>AccountId</c>).</summary>
    public string? RelationshipName { get; init; }
    public IReadOnlyList<PicklistValue> PicklistValues { get; init; } = [];
    /// <summary>A restricted picklist rejects values outside <see cref="PicklistValues"/>.</summary>
    public bool RestrictedPicklist { get; init; }
    /// <summary>Value given on insert when the request leaves the field out (JSON literal text, or null).</summary>
    public string? DefaultValue { get; init; }
    /// <summary>Auto-number display format such as <c>Q-{00000}</c>; the braces hold the zero-padded counter.</summary>
    public string? DisplayFormat { get; init; }
    /// <summary>First value of an auto-number counter.</summary>
    public long StartingNumber { get; init; } = 1;
    /// <summary>Set by the org on insert (system fields, auto-numbers, fields with a default): never reported missing.</summary>
    public bool DefaultedOnCreate { get; init; }

    /// <summary>True when an insert must supply a value: not nillable, createable and not set by the org.</summary>
    public bool IsRequiredOnCreate =>
        !Nillable && Createable && !DefaultedOnCreate && DefaultValue is null && Type != FieldType.Boolean && !AutoNumber && !Calculated;
}

public sealed record PicklistValue(string Value, string Label, bool Active = true, bool DefaultValue = false);
