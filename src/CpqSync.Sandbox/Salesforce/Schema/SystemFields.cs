namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>The fields Salesforce adds to every custom object.</summary>
internal static class SystemFields
{
    public static IEnumerable<FieldSchema> All()
    {
        yield return new FieldSchema { Name = "Id", Label = "Record ID", Type = FieldType.Id, Length = 18, Nillable = false, Createable = false, Updateable = false };
        yield return new FieldSchema { Name = "Name", Label = "Name", Type = FieldType.String, Length = 80 };
        yield return new FieldSchema { Name = "IsDeleted", Label = "Deleted", Type = FieldType.Boolean, Nillable = false, Createable = false, Updateable = false };
        yield return Audit("CreatedDate", "Created Date", FieldType.DateTime);
        yield return Audit("CreatedById", "Created By ID", FieldType.Reference, "CreatedBy");
        yield return Audit("LastModifiedDate", "Last Modified Date", FieldType.DateTime);
        yield return Audit("LastModifiedById", "Last Modified By ID", FieldType.Reference, "LastModifiedBy");
        yield return Audit("SystemModstamp", "System Modstamp", FieldType.DateTime);
        yield return new FieldSchema
        {
            Name = "CurrencyIsoCode",
            Label = "Currency ISO Code",
            Type = FieldType.Picklist,
            Length = 3,
            Nillable = false,
            DefaultedOnCreate = true,
            RestrictedPicklist = true,
            PicklistValues = [.. OrgCurrencies.Active.Select(c => new PicklistValue(c, c))],
        };
    }

    private static FieldSchema Audit(string name, string label, FieldType type, string? relationship = null) => new()
    {
        Name = name,
        Label = label,
        Type = type,
        Length = type == FieldType.Reference ? 18 : 0,
        Nillable = false,
        Createable = false,
        Updateable = false,
        DefaultedOnCreate = true,
        ReferenceTo = type == FieldType.Reference ? ["User"] : [],
        RelationshipName = relationship,
    };
}
