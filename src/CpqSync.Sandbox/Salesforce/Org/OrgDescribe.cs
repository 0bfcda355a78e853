using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Builds the <c>/sobjects</c> and <c>/sobjects/X/describe</c> bodies from the schema.</summary>
internal static class SourceFieldPicker
{
    private static readonly string[] AddressParts =
        ["Street", "City", "State", "PostalCode", "Country", "Latitude", "Longitude", "GeocodeAccuracy"];

    public static JsonObject Global(OrgSchema schema, string apiVersion)
    {
        var list = new JsonArray();
        foreach (var obj in schema.Objects.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase))
        {
            var entry = ObjectFlags(obj);
            entry["urls"] = Urls(obj, apiVersion);
            list.Add(entry);
        }

        return new JsonObject { ["encoding"] = "UTF-8", ["maxBatchSize"] = 200, ["sobjects"] = list };
    }

    public static JsonObject Object(OrgSchema schema, SObjectSchema obj, string apiVersion)
    {
        var body = ObjectFlags(obj);
        body["actionOverrides"] = new JsonArray();
        body["childRelationships"] = new JsonArray(ChildRelationships(schema, obj).ToArray());
        body["compactLayoutable"] = true;
        body["fields"] = new JsonArray(obj.Fields.Values.Select(f => (JsonNode)Field(obj, f)).ToArray());
        body["namedLayoutInfos"] = new JsonArray();
        body["networkScopeFieldName"] = null;
        body["recordTypeInfos"] = new JsonArray();
        body["searchLayoutable"] = true;
        body["sobjectDescribeOption"] = "FULL";
        body["supportedScopes"] = new JsonArray(new JsonObject { ["label"] = "All records", ["name"] = "everything" });
        body["urls"] = Urls(obj, apiVersion);
        return body;
    }

    private static JsonObject ObjectFlags(SObjectSchema obj) => new()
    {
        ["activateable"] = false,
        ["associateEntityType"] = null,
        ["associateParentEntity"] = null,
        ["createable"] = obj.Createable,
        ["custom"] = obj.Custom,
        ["customSetting"] = false,
        ["deepCloneable"] = false,
        ["deletable"] = obj.Deletable,
        ["deprecatedAndHidden"] = false,
        ["feedEnabled"] = false,
        ["hasSubtypes"] = false,
        ["isInterface"] = false,
        ["isSubtype"] = false,
        ["keyPrefix"] = obj.KeyPrefix.Length == 3 ? obj.KeyPrefix : null,
        ["label"] = obj.Label,
        ["labelPlural"] = obj.LabelPlural,
        ["layoutable"] = true,
        ["mergeable"] = obj.Name is "Account" or "Contact",
        ["mruEnabled"] = true,
        ["name"] = obj.Name,
        ["queryable"] = true,
        ["replicateable"] = true,
        ["retrieveable"] = true,
        ["searchable"] = true,
        ["triggerable"] = true,
        ["undeletable"] = obj.Deletable,
        ["updateable"] = obj.Updateable,
    };

    private static JsonObject Urls(SObjectSchema obj, string apiVersion)
    {
        var root = $"/services/data/v{apiVersion}/sobjects/{obj.Name}";
        return new JsonObject
        {
            ["compactLayouts"] = root + "/describe/compactLayouts",
            ["rowTemplate"] = root + "/{ID}",
            ["defaultValues"] = root + "/defaultValues?recordTypeId&fields",
            ["describe"] = root + "/describe",
            ["sobject"] = root,
        };
    }

    private static IEnumerable<JsonNode> ChildRelationships(OrgSchema schema, SObjectSchema obj) =>
        obj.ChildRelationships.Values.Select(c => (JsonNode)new JsonObject
        {
            ["cascadeDelete"] = c.CascadeDelete,
            ["childSObject"] = schema.FindObject(c.ChildObject)?.Name ?? c.ChildObject,
            ["deprecatedAndHidden"] = false,
            ["field"] = c.Field,
            ["junctionIdListNames"] = new JsonArray(),
            ["junctionReferenceTo"] = new JsonArray(),
            ["relationshipName"] = c.RelationshipName,
            ["restrictedDelete"] = false,
        });

    private static JsonObject Field(SObjectSchema obj, FieldSchema f)
    {
        var text = f.Type is FieldType.String or FieldType.TextArea or FieldType.Picklist or FieldType.MultiPicklist or FieldType.Url
            or FieldType.Email or FieldType.Phone or FieldType.Combobox or FieldType.EncryptedString or FieldType.Id or FieldType.Reference;
        var filterable = f.Type is not (FieldType.TextArea or FieldType.Address or FieldType.Location) || f.Length <= 255;
        return new JsonObject
        {
            ["aggregatable"] = filterable && f.Type is not FieldType.Boolean,
            ["autoNumber"] = f.AutoNumber,
            ["byteLength"] = text ? (f.Type is FieldType.Id or FieldType.Reference ? 18 : f.Length * 3) : 0,
            ["calculated"] = f.Calculated,
            ["calculatedFormula"] = null,
            ["cascadeDelete"] = false,
            ["caseSensitive"] = false,
            ["compoundFieldName"] = CompoundFieldName(obj, f.Name),
            ["controllerName"] = null,
            ["createable"] = f.Createable,
            ["custom"] = f.Custom,
            ["defaultValue"] = f.DefaultValue is null ? null : JsonNode.Parse(f.DefaultValue),
            ["defaultValueFormula"] = null,
            ["defaultedOnCreate"] = f.DefaultedOnCreate || f.Type == FieldType.Boolean || !f.Createable && !f.Nillable,
            ["dependentPicklist"] = false,
            ["deprecatedAndHidden"] = false,
            ["digits"] = f.Type == FieldType.Int ? f.Precision : 0,
            ["displayLocationInDecimal"] = false,
            ["encrypted"] = false,
            ["externalId"] = f.ExternalId,
            ["extraTypeInfo"] = null,
            ["filterable"] = filterable,
            ["groupable"] = filterable && f.Type is not (FieldType.Double or FieldType.Currency or FieldType.Percent or FieldType.DateTime),
            ["htmlFormatted"] = false,
            ["idLookup"] = f.Type == FieldType.Id || f.ExternalId || f.Unique,
            ["inlineHelpText"] = null,
            ["label"] = f.Label,
            ["length"] = text ? (f.Type is FieldType.Id or FieldType.Reference ? 18 : f.Length) : 0,
            ["mask"] = null,
            ["maskType"] = null,
            ["name"] = f.Name,
            ["nameField"] = f.Name == "Name",
            ["namePointing"] = f.ReferenceTo.Count > 1,
            ["nillable"] = f.Nillable,
            ["permissionable"] = f.Nillable && f.Createable,
            ["picklistValues"] = new JsonArray(f.PicklistValues.Select(p => (JsonNode)new JsonObject
            {
                ["active"] = p.Active,
                ["defaultValue"] = p.DefaultValue,
                ["label"] = p.Label,
                ["validFor"] = null,
                ["value"] = p.Value,
            }).ToArray()),
            ["polymorphicForeignKey"] = f.ReferenceTo.Count > 1,
            ["precision"] = f.Type is FieldType.Double or FieldType.Currency or FieldType.Percent ? f.Precision : 0,
            ["queryByDistance"] = false,
            ["referenceTargetField"] = null,
            ["referenceTo"] = new JsonArray(f.ReferenceTo.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
            ["relationshipName"] = f.RelationshipName,
            ["relationshipOrder"] = null,
            ["restrictedDelete"] = false,
            ["restrictedPicklist"] = f.RestrictedPicklist,
            ["scale"] = f.Type is FieldType.Double or FieldType.Currency or FieldType.Percent ? f.Scale : 0,
            ["searchPrefilterable"] = false,
            ["soapType"] = SoapType(f.Type),
            ["sortable"] = filterable,
            ["type"] = TypeName(f.Type),
            ["unique"] = f.Unique,
            ["updateable"] = f.Updateable,
            ["writeRequiresMasterRead"] = false,
        };
    }

    /// <summary>The address field a component belongs to: <c>BillingCity</c> → <c>BillingAddress</c>.</summary>
    public static string? CompoundFieldName(SObjectSchema obj, string field)
    {
        foreach (var part in AddressParts)
        {
            if (field.EndsWith(part, StringComparison.Ordinal))
            {
                var compound = field[..^part.Length] + "Address";
                if (obj.FindField(compound) is { Type: FieldType.Address })
                {
                    return compound;
                }
            }
        }

        return null;
    }

    public static string TypeName(FieldType type) => type == FieldType.AnyType ? "anyType" : type.ToString().ToLowerInvariant();

    private static string SoapType(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Reference => "tns:ID",
        FieldType.Boolean => "xsd:boolean",
        FieldType.Int => "xsd:int",
        FieldType.Double or FieldType.Currency or FieldType.Percent => "xsd:double",
        FieldType.Date => "xsd:date",
        FieldType.DateTime => "xsd:dateTime",
        FieldType.Time => "xsd:time",
        FieldType.Base64 => "xsd:base64Binary",
        FieldType.Address => "urn:address",
        FieldType.Location => "urn:location",
        FieldType.AnyType => "xsd:anyType",
        _ => "xsd:string",
    };
}
