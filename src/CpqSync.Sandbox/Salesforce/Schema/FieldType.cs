namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>The describe <c>type</c> of a field, as Salesforce names it (lower-case in JSON).</summary>
public enum FieldType
{
    Id,
    String,
    TextArea,
    Boolean,
    Int,
    Double,
    Currency,
    Percent,
    Date,
    DateTime,
    Time,
    Reference,
    Picklist,
    MultiPicklist,
    Url,
    Email,
    Phone,
    Address,
    Location,
    EncryptedString,
    Base64,
    AnyType,
    Combobox,
}
