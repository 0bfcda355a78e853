using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>
/// Reads one object definition file (<c>Objects/&lt;Name&gt;.json</c>, or a file of a <c>--schema DIR</c>).
/// The format is described in <c>Objects/README.md</c>.
/// </summary>
public static class SchemaFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static SObjectSchema Read(Stream stream, string sourceName)
    {
        ObjectFile file;
        try
        {
            file = JsonSerializer.Deserialize<ObjectFile>(stream, Options)
                ?? throw new InvalidDataException($"{sourceName}: the file is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{sourceName}: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(file.Name))
        {
            throw new InvalidDataException($"{sourceName}: \"name\" is required.");
        }

        var custom = file.Custom ?? file.Name.EndsWith("__c", StringComparison.Ordinal);
        return new SObjectSchema(
            file.Name,
            file.Label ?? file.Name,
            file.LabelPlural ?? file.Label ?? file.Name,
            file.KeyPrefix ?? "",
            custom,
            file.Fields.Select(f => ToField(f, sourceName)),
            file.ChildRelationships.Select(c => new ChildRelationshipSchema(c.RelationshipName, c.ChildObject, c.Field, c.CascadeDelete)))
        {
            ValidationRules = [.. file.ValidationRules.Select(r => ToRule(r, sourceName))],
            Createable = file.Createable,
            Updateable = file.Updateable,
            Deletable = file.Deletable,
        };
    }

    private static readonly string[] Operators = ["isBlank", "isNotBlank", "equals", "notEquals", "greaterThan", "lessThan"];

    private static ValidationRuleSchema ToRule(RuleFile rule, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(rule.ErrorMessage) || rule.When.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: validation rule '{rule.Name}' needs an \"errorMessage\" and \"when\" conditions.");
        }

        var conditions = rule.When.Select(c =>
        {
            var field = (string?)c["field"] ?? throw new InvalidDataException($"{sourceName}: a condition of '{rule.Name}' needs a \"field\".");
            var op = Operators.SingleOrDefault(c.ContainsKey)
                ?? throw new InvalidDataException($"{sourceName}: a condition of '{rule.Name}' needs one of {string.Join(", ", Operators)}.");
            var value = op is "isBlank" or "isNotBlank" ? null : c[op]?.ToJsonString() ?? "null";
            return new ValidationCondition(field, op, value);
        });
        return new ValidationRuleSchema(rule.Name, rule.ErrorMessage, rule.ErrorDisplayField, [.. conditions]);
    }

    public static SObjectSchema ReadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    private static FieldSchema ToField(FieldFile f, string sourceName)
    {
        if (string.IsNullOrWhiteSpace(f.Name))
        {
            throw new InvalidDataException($"{sourceName}: every field needs a \"name\".");
        }

        var type = f.Type ?? throw new InvalidDataException($"{sourceName}: field {f.Name} needs a \"type\".");
        var system = type == FieldType.Id;
        return new FieldSchema
        {
            Name = f.Name,
            Label = f.Label ?? f.Name,
            Type = type,
            Length = f.Length ?? DefaultLength(type),
            Precision = f.Precision ?? DefaultPrecision(type),
            Scale = f.Scale ?? DefaultScale(type),
            Nillable = f.Nillable ?? !system && type != FieldType.Boolean,
            Createable = f.Createable ?? !system && !f.Calculated && !f.AutoNumber,
            Updateable = f.Updateable ?? !system && !f.Calculated && !f.AutoNumber,
            Calculated = f.Calculated,
            AutoNumber = f.AutoNumber,
            ExternalId = f.ExternalId,
            Unique = f.Unique,
            Custom = f.Custom ?? f.Name.EndsWith("__c", StringComparison.Ordinal),
            ReferenceTo = f.ReferenceTo,
            RelationshipName = f.RelationshipName ?? DefaultRelationshipName(f.Name, type),
            PicklistValues = f.PicklistValues.Select(ToPicklistValue).ToList(),
            RestrictedPicklist = f.RestrictedPicklist,
            DefaultValue = f.DefaultValue is null ? null : f.DefaultValue.ToJsonString(),
            DisplayFormat = f.DisplayFormat,
            StartingNumber = f.StartingNumber ?? 1,
            DefaultedOnCreate = f.DefaultValue is not null || f.AutoNumber,
        };
    }

    private static PicklistValue ToPicklistValue(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => new PicklistValue(text, text),
        JsonObject obj => new PicklistValue(
            (string?)obj["value"] ?? throw new InvalidDataException("A picklist value needs a \"value\"."),
            (string?)obj["label"] ?? (string)obj["value"]!,
            (bool?)obj["active"] ?? true,
            (bool?)obj["defaultValue"] ?? false),
        _ => throw new InvalidDataException("A picklist value is a string or an object with \"value\"."),
    };

    private static string? DefaultRelationshipName(string name, FieldType type) => type switch
    {
        FieldType.Reference when name.EndsWith("__c", StringComparison.Ordinal) => name[..^3] + "__r",
        FieldType.Reference when name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 => name[..^2],
        _ => null,
    };

    private static int DefaultLength(FieldType type) => type switch
    {
        FieldType.String or FieldType.Picklist or FieldType.MultiPicklist or FieldType.Url or FieldType.Combobox
            or FieldType.TextArea or FieldType.EncryptedString => 255,
        FieldType.Email => 80,
        FieldType.Phone => 40,
        FieldType.Id or FieldType.Reference => 18,
        _ => 0,
    };

    private static int DefaultPrecision(FieldType type) => type switch
    {
        FieldType.Currency or FieldType.Double => 18,
        FieldType.Percent => 7,
        FieldType.Int => 9,
        _ => 0,
    };

    private static int DefaultScale(FieldType type) => type switch
    {
        FieldType.Currency or FieldType.Double => 2,
        FieldType.Percent => 3,
        _ => 0,
    };

    private sealed class ObjectFile
    {
        public string Name { get; set; } = "";
        public string? Label { get; set; }
        public string? LabelPlural { get; set; }
        public string? KeyPrefix { get; set; }
        public bool? Custom { get; set; }
        public bool Createable { get; set; } = true;
        public bool Updateable { get; set; } = true;
        public bool Deletable { get; set; } = true;
        public List<FieldFile> Fields { get; set; } = [];
        public List<ChildFile> ChildRelationships { get; set; } = [];
        public List<RuleFile> ValidationRules { get; set; } = [];
    }

    private sealed class RuleFile
    {
        public string Name { get; set; } = "";
        public string ErrorMessage { get; set; } = "";
        public string? ErrorDisplayField { get; set; }
        public List<JsonObject> When { get; set; } = [];
    }

    private sealed class FieldFile
    {
        public string Name { get; set; } = "";
        public string? Label { get; set; }
        public FieldType? Type { get; set; }
        public int? Length { get; set; }
        public int? Precision { get; set; }
        public int? Scale { get; set; }
        public bool? Nillable { get; set; }
        public bool? Createable { get; set; }
        public bool? Updateable { get; set; }
        public bool Calculated { get; set; }
        public bool AutoNumber { get; set; }
        public bool ExternalId { get; set; }
        public bool Unique { get; set; }
        public bool? Custom { get; set; }
        public List<string> ReferenceTo { get; set; } = [];
        public string? RelationshipName { get; set; }
        public List<JsonNode?> PicklistValues { get; set; } = [];
        public bool RestrictedPicklist { get; set; }
        public JsonNode? DefaultValue { get; set; }
        public string? DisplayFormat { get; set; }
        public long? StartingNumber { get; set; }
    }

    private sealed class ChildFile
    {
        public string RelationshipName { get; set; } = "";
        public string ChildObject { get; set; } = "";
        public string Field { get; set; } = "";
        public bool CascadeDelete { get; set; }
    }
}
