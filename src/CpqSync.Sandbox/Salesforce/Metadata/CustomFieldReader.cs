using System.Xml.Linq;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>A field read from a <c>.field-meta.xml</c> file, with the child relationship its lookup creates on the parent.</summary>
internal sealed record PackageField(FieldSchema Schema, string? ParentObject, string? ChildRelationshipName);

/// <summary>Maps a CustomField file to the field as Salesforce's describe reports it.</summary>
internal static class CustomFieldReader
{
    // Describe lengths Salesforce reports for types whose metadata has no <length>.
    private const int UrlLength = 255;
    private const int PicklistLength = 255;
    private const int IdLength = 18;
    private const int AutoNumberLength = 30;
    private const int TextFormulaLength = 1300;
    private const int TextAreaLength = 255;
    private const int EmailLength = 80;
    private const int PhoneLength = 40;

    public static PackageField Read(PackageFile file, string objectName)
    {
        var root = MetadataXml.LoadRoot(file, "CustomField");
        var name = root.RequiredText("fullName", file);
        var expected = Path.GetFileName(file.Path).Replace(".field-meta.xml", "", StringComparison.Ordinal);
        if (!string.Equals(name, expected, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file.Path}: <fullName> '{name}' does not match the file name.");
        }

        if (!name.EndsWith("__c", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file.Path}: a custom field name ends with __c, not '{name}'.");
        }

        var type = root.RequiredText("type", file);
        var field = new FieldSchema
        {
            Name = name,
            Label = root.RequiredText("label", file),
            Type = FieldType.String,
            Custom = true,
            Nillable = !root.Flag("required"),
            ExternalId = root.Flag("externalId"),
            Unique = root.Flag("unique"),
        };

        if (root.Text("formula") is not null)
        {
            return new PackageField(Formula(field, type, root, file), null, null);
        }

        return type switch
        {
            "Text" => Plain(field with { Type = FieldType.String, Length = root.Number("length", file) }),
            "TextArea" => Plain(field with { Type = FieldType.TextArea, Length = TextAreaLength }),
            "LongTextArea" or "Html" => Plain(field with { Type = FieldType.TextArea, Length = root.Number("length", file) }),
            "Email" => Plain(field with { Type = FieldType.Email, Length = EmailLength }),
            "Phone" => Plain(field with { Type = FieldType.Phone, Length = PhoneLength }),
            "Url" => Plain(field with { Type = FieldType.Url, Length = UrlLength }),
            "Date" => Plain(field with { Type = FieldType.Date }),
            "DateTime" => Plain(field with { Type = FieldType.DateTime }),
            "Checkbox" => Plain(field with
            {
                Type = FieldType.Boolean,
                // A checkbox is never null: Salesforce stores its default instead.
                Nillable = false,
                DefaultValue = root.Flag("defaultValue") ? "true" : "false",
            }),
            "Number" => Plain(Numeric(field, FieldType.Double, root, file)),
            "Currency" => Plain(Numeric(field, FieldType.Currency, root, file)),
            "Percent" => Plain(Numeric(field, FieldType.Percent, root, file)),
            "Picklist" => Plain(Picklist(field, root, file)),
            "AutoNumber" => Plain(field with
            {
                Type = FieldType.String,
                Length = AutoNumberLength,
                AutoNumber = true,
                Nillable = false,
                Createable = false,
                Updateable = false,
            }),
            "Lookup" => Reference(field, root, file, masterDetail: false),
            "MasterDetail" => Reference(field, root, file, masterDetail: true),
            _ => throw new InvalidDataException($"{file.Path}: field type '{type}' is not supported by the sandbox loader."),
        };
    }

    private static PackageField Plain(FieldSchema field) => new(field, null, null);

    private static FieldSchema Numeric(FieldSchema field, FieldType type, XElement root, PackageFile file) => field with
    {
        Type = type,
        Precision = root.Number("precision", file),
        Scale = root.Number("scale", file),
    };

    private static FieldSchema Picklist(FieldSchema field, XElement root, PackageFile file)
    {
        var valueSet = root.Element(MetadataXml.Ns + "valueSet")
            ?? throw new InvalidDataException($"{file.Path}: a picklist needs a <valueSet>.");
        var values = valueSet.Element(MetadataXml.Ns + "valueSetDefinition")?.Elements(MetadataXml.Ns + "value")
            .Select(v => new PicklistValue(
                v.RequiredText("fullName", file),
                v.Text("label") ?? v.RequiredText("fullName", file),
                Active: v.Text("isActive") is not "false",
                DefaultValue: v.Flag("default")))
            .ToList() ?? [];
        if (values.Count == 0)
        {
            throw new InvalidDataException($"{file.Path}: a picklist needs at least one value in <valueSetDefinition>.");
        }

        var defaultValue = values.FirstOrDefault(v => v.DefaultValue);
        return field with
        {
            Type = FieldType.Picklist,
            Length = PicklistLength,
            PicklistValues = values,
            RestrictedPicklist = valueSet.Flag("restricted"),
            DefaultValue = defaultValue is null ? null : System.Text.Json.JsonSerializer.Serialize(defaultValue.Value),
        };
    }

    private static PackageField Reference(FieldSchema field, XElement root, PackageFile file, bool masterDetail)
    {
        var target = root.RequiredText("referenceTo", file);
        var childName = root.RequiredText("relationshipName", file);
        var schema = field with
        {
            Type = FieldType.Reference,
            Length = IdLength,
            ReferenceTo = [target],
            // SOQL walks a custom lookup through its field name with __r (Order__c -> Order__r);
            // <relationshipName> names the other direction, the parent's child relationship.
            RelationshipName = field.Name[..^"__c".Length] + "__r",
            Nillable = !masterDetail && field.Nillable,
            Updateable = !masterDetail || root.Flag("reparentableMasterDetail"),
        };
        return new PackageField(schema, target, childName + "__r");
    }

    private static FieldSchema Formula(FieldSchema field, string type, XElement root, PackageFile file)
    {
        var calculated = field with { Calculated = true, Createable = false, Updateable = false, ExternalId = false, Unique = false };
        return type switch
        {
            "Text" => calculated with { Type = FieldType.String, Length = TextFormulaLength },
            "Number" => Numeric(calculated, FieldType.Double, root, file),
            "Currency" => Numeric(calculated, FieldType.Currency, root, file),
            "Percent" => Numeric(calculated, FieldType.Percent, root, file),
            "Checkbox" => calculated with { Type = FieldType.Boolean, Nillable = false },
            "Date" => calculated with { Type = FieldType.Date },
            "DateTime" => calculated with { Type = FieldType.DateTime },
            _ => throw new InvalidDataException($"{file.Path}: formula type '{type}' is not supported by the sandbox loader."),
        };
    }
}
