using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>The describe-level facts of a custom object the package defines, with its standard system fields.</summary>
internal sealed record PackageObject(string Label, string LabelPlural, IReadOnlyList<FieldSchema> SystemFields);

/// <summary>Maps a CustomObject file to the object and the fields Salesforce adds to every custom object.</summary>
internal static class CustomObjectReader
{
    /// <summary>
    /// Reads an <c>.object-meta.xml</c>. Returns null when the file only customises an existing object
    /// (a standard or managed object has no <c>&lt;nameField&gt;</c> of ours).
    /// </summary>
    public static PackageObject? Read(PackageFile file, string objectName)
    {
        var root = MetadataXml.LoadRoot(file, "CustomObject");
        var nameField = root.Element(MetadataXml.Ns + "nameField");
        if (nameField is null || !objectName.EndsWith("__c", StringComparison.Ordinal))
        {
            return null;
        }

        var label = root.RequiredText("label", file);
        var plural = root.RequiredText("pluralLabel", file);
        // A deploy without these fails, so a file the sandbox accepts is one Salesforce accepts too.
        root.RequiredText("deploymentStatus", file);
        var sharing = root.RequiredText("sharingModel", file);
        var fields = new List<FieldSchema>
        {
            ReadOnly("Id", "Record ID", FieldType.Id) with { Length = 18 },
            Name(nameField, file),
            ReadOnly("IsDeleted", "Deleted", FieldType.Boolean) with { DefaultValue = "false" },
            ReadOnly("CreatedDate", "Created Date", FieldType.DateTime),
            UserReference("CreatedById", "Created By ID", "CreatedBy"),
            ReadOnly("LastModifiedDate", "Last Modified Date", FieldType.DateTime),
            UserReference("LastModifiedById", "Last Modified By ID", "LastModifiedBy"),
            ReadOnly("SystemModstamp", "System Modstamp", FieldType.DateTime),
            new FieldSchema
            {
                // Values are the org's active currencies, which only the org knows: it fills them in when it merges
                // this fragment, and defaults the field to the corporate currency.
                Name = "CurrencyIsoCode",
                Label = "Currency ISO Code",
                Type = FieldType.Picklist,
                Length = 3,
                Nillable = true,
            },
        };

        // A detail record's owner is its master's owner: master-detail objects have no OwnerId.
        if (!string.Equals(sharing, "ControlledByParent", StringComparison.Ordinal))
        {
            fields.Add(new FieldSchema
            {
                Name = "OwnerId",
                Label = "Owner ID",
                Type = FieldType.Reference,
                Length = 18,
                Nillable = false,
                ReferenceTo = ["Group", "User"],
                RelationshipName = "Owner",
            });
        }

        return new PackageObject(label, plural, fields);
    }

    private static FieldSchema Name(System.Xml.Linq.XElement nameField, PackageFile file)
    {
        var label = nameField.RequiredText("label", file);
        return nameField.RequiredText("type", file) switch
        {
            "AutoNumber" when nameField.Text("displayFormat") is { Length: > 0 } =>
                ReadOnly("Name", label, FieldType.String) with { Length = 30, AutoNumber = true },
            "AutoNumber" => throw new InvalidDataException($"{file.Path}: an auto-number name field needs a <displayFormat>."),
            "Text" => new FieldSchema { Name = "Name", Label = label, Type = FieldType.String, Length = 80 },
            var other => throw new InvalidDataException($"{file.Path}: name field type '{other}' is neither Text nor AutoNumber."),
        };
    }

    private static FieldSchema ReadOnly(string name, string label, FieldType type) => new()
    {
        Name = name,
        Label = label,
        Type = type,
        Nillable = false,
        Createable = false,
        Updateable = false,
    };

    private static FieldSchema UserReference(string name, string label, string relationship) =>
        ReadOnly(name, label, FieldType.Reference) with { Length = 18, ReferenceTo = ["User"], RelationshipName = relationship };
}
