using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Avro;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// The Avro schema of one object's change events, built the way Salesforce builds it: a record named
/// <c>AccountChangeEvent</c> (custom objects: <c>SBQQ__Quote__ChangeEvent</c>) in <c>com.sforce.eventbus</c>, whose first
/// field is the <c>ChangeEventHeader</c>, then every field of the object that change events carry as a nullable union
/// (addresses as one compound record), each documented with its Salesforce type (<c>Data:Currency</c>,
/// <c>ForeignKey:EntityId</c>, …). The bitmaps in the header count positions in this field list.
/// </summary>
internal sealed class ChangeEventSchema
{
    public const string Namespace = "com.sforce.eventbus";

    /// <summary>The fields of Salesforce's <c>Address</c> compound, in its order.</summary>
    private static readonly string[] AddressComponents =
        ["Street", "City", "State", "PostalCode", "Country", "StateCode", "CountryCode", "Latitude", "Longitude", "Xyz", "GeocodeAccuracy"];

    /// <summary>Fields change events leave out: the id (it is in <c>recordIds</c>), deletion flag, stamps and view dates.</summary>
    private static readonly HashSet<string> Excluded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Id", "IsDeleted", "SystemModstamp", "LastViewedDate", "LastReferencedDate",
    };

    private ChangeEventSchema(SObjectSchema entity, string eventName, IReadOnlyList<ChangeEventField> fields, string json)
    {
        Entity = entity;
        EventName = eventName;
        Topic = "/data/" + eventName;
        Fields = fields;
        Json = json;
        Id = Fingerprint(json);
        Avro = (RecordSchema)global::Avro.Schema.Parse(json);
    }

    public SObjectSchema Entity { get; }

    public string EntityName => Entity.Name;

    /// <summary><c>OrderChangeEvent</c>, <c>SBQQ__Quote__ChangeEvent</c>.</summary>
    public string EventName { get; }

    /// <summary><c>/data/OrderChangeEvent</c>.</summary>
    public string Topic { get; }

    /// <summary>The record fields after the header; <see cref="ChangeEventField.Position"/> counts the header as 0.</summary>
    public IReadOnlyList<ChangeEventField> Fields { get; }

    public string Json { get; }

    /// <summary>A fingerprint of the schema (22 characters, as Salesforce's schema ids look): stable while the schema is.</summary>
    public string Id { get; }

    public RecordSchema Avro { get; }

    /// <summary>The event name of an object: <c>Order</c> → <c>OrderChangeEvent</c>, <c>SBQQ__Quote__c</c> → <c>SBQQ__Quote__ChangeEvent</c>.</summary>
    public static string EventNameOf(string objectName) =>
        objectName.EndsWith("__c", StringComparison.OrdinalIgnoreCase) ? objectName[..^1] + "ChangeEvent" : objectName + "ChangeEvent";

    public static ChangeEventSchema Build(SObjectSchema entity)
    {
        var components = AddressComponentFields(entity);
        var fields = new List<ChangeEventField>();
        var avroFields = new JsonArray { HeaderField() };
        var addressDefined = false;
        foreach (var field in entity.Fields.Values)
        {
            if (Excluded.Contains(field.Name) || field.Calculated || components.Contains(field.Name))
            {
                continue;
            }

            if (field.Type == FieldType.Address)
            {
                var prefix = field.Name.EndsWith("Address", StringComparison.Ordinal) ? field.Name[..^"Address".Length] : field.Name;
                var parts = AddressComponents
                    .Select(c => new AddressPart(c, entity.FindField(prefix + c)?.Name))
                    .ToList();
                fields.Add(new ChangeEventField(field.Name, fields.Count + 1, FieldType.Address, parts));
                avroFields.Add(new JsonObject
                {
                    ["name"] = field.Name,
                    ["type"] = new JsonArray { "null", addressDefined ? "Address" : AddressRecord() },
                    ["doc"] = "Data:Address",
                    ["default"] = null,
                });
                addressDefined = true;
                continue;
            }

            if (AvroType(field.Type) is not { } type)
            {
                continue;
            }

            fields.Add(new ChangeEventField(field.Name, fields.Count + 1, field.Type, []));
            avroFields.Add(new JsonObject
            {
                ["name"] = field.Name,
                ["type"] = new JsonArray { "null", type },
                ["doc"] = Doc(field),
                ["default"] = null,
            });
        }

        var eventName = EventNameOf(entity.Name);
        var record = new JsonObject
        {
            ["type"] = "record",
            ["name"] = eventName,
            ["namespace"] = Namespace,
            ["fields"] = avroFields,
        };
        return new ChangeEventSchema(entity, eventName, fields, record.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    /// <summary>The component fields (<c>BillingStreet</c>, …) of the object's addresses, which events carry inside the compound.</summary>
    private static HashSet<string> AddressComponentFields(SObjectSchema entity)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var address in entity.Fields.Values.Where(f => f.Type == FieldType.Address))
        {
            var prefix = address.Name.EndsWith("Address", StringComparison.Ordinal) ? address.Name[..^"Address".Length] : address.Name;
            foreach (var component in AddressComponents)
            {
                if (entity.FindField(prefix + component) is { } part)
                {
                    names.Add(part.Name);
                }
            }
        }

        return names;
    }

    private static string? AvroType(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Reference or FieldType.String or FieldType.TextArea or FieldType.Picklist or FieldType.MultiPicklist
            or FieldType.Url or FieldType.Email or FieldType.Phone or FieldType.EncryptedString or FieldType.Combobox => "string",
        FieldType.Boolean => "boolean",
        FieldType.Int => "int",
        FieldType.Double or FieldType.Currency or FieldType.Percent => "double",
        FieldType.Date or FieldType.DateTime => "long",
        _ => null,
    };

    private static string Doc(FieldSchema field) => field.Name switch
    {
        "CreatedDate" => "CreatedDate:DateTime",
        "LastModifiedDate" => "LastModifiedDate:DateTime",
        "CreatedById" => "CreatedBy:EntityId",
        "LastModifiedById" => "LastModifiedBy:EntityId",
        _ => field.Type switch
        {
            FieldType.Reference => "ForeignKey:EntityId",
            FieldType.TextArea => "Data:StringPlusClob",
            FieldType.Picklist => "Data:DynamicEnum",
            FieldType.MultiPicklist => "Data:MultiEnum",
            FieldType.Boolean => "Data:Boolean",
            FieldType.Int => "Data:Integer",
            FieldType.Double => "Data:Double",
            FieldType.Currency => "Data:Currency",
            FieldType.Percent => "Data:Percent",
            FieldType.Date => "Data:DateOnly",
            FieldType.DateTime => "Data:DateTime",
            FieldType.Email => "Data:Email",
            FieldType.Phone => "Data:Phone",
            FieldType.Url => "Data:Url",
            _ => "Data:Text",
        },
    };

    private static JsonObject HeaderField() => new()
    {
        ["name"] = "ChangeEventHeader",
        ["type"] = new JsonObject
        {
            ["type"] = "record",
            ["name"] = "ChangeEventHeader",
            ["fields"] = new JsonArray
            {
                Required("entityName", "string"),
                Required("recordIds", new JsonObject { ["type"] = "array", ["items"] = "string" }),
                Required("changeType", new JsonObject
                {
                    ["type"] = "enum",
                    ["name"] = "ChangeType",
                    ["symbols"] = new JsonArray([.. ChangeEventHeaderValues.ChangeTypes.Select(s => (JsonNode)s)]),
                }),
                Required("changeOrigin", "string"),
                Required("transactionKey", "string"),
                Required("sequenceNumber", "int"),
                Required("commitTimestamp", "long"),
                Required("commitNumber", "long"),
                Required("commitUser", "string"),
                Required("nulledFields", new JsonObject { ["type"] = "array", ["items"] = "string" }),
                Required("diffFields", new JsonObject { ["type"] = "array", ["items"] = "string" }),
                Required("changedFields", new JsonObject { ["type"] = "array", ["items"] = "string" }),
            },
        },
        ["doc"] = "Data:ChangeEventHeader",
    };

    private static JsonObject Required(string name, JsonNode type) => new() { ["name"] = name, ["type"] = type };

    private static JsonObject AddressRecord() => new()
    {
        ["type"] = "record",
        ["name"] = "Address",
        ["fields"] = new JsonArray([
            .. AddressComponents.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c,
                ["type"] = new JsonArray { "null", c is "Latitude" or "Longitude" ? "double" : "string" },
                ["default"] = null,
            }),
        ]),
    };

    private static string Fingerprint(string json)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

/// <summary>One top-level field of a change event; addresses list which stored field feeds each compound component.</summary>
internal sealed record ChangeEventField(string Name, int Position, FieldType Type, IReadOnlyList<AddressPart> Parts);

/// <summary>A component of an address compound and the stored field holding it (null when the object has none, e.g. <c>Xyz</c>).</summary>
internal sealed record AddressPart(string Component, string? SourceField);

/// <summary>The values of the header's enumerations.</summary>
internal static class ChangeEventHeaderValues
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Undelete = "UNDELETE";
    public const string GapOverflow = "GAP_OVERFLOW";

    public static readonly string[] ChangeTypes =
        [Create, Update, Delete, Undelete, "GAP_CREATE", "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", GapOverflow];
}
