using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Writes a record the way the REST API returns it: <c>attributes</c> first, then fields, nulls included.</summary>
public static class RecordJson
{
    public static JsonObject Write(SObjectSchema schema, SObjectRecord record, IEnumerable<FieldSchema> fields, string apiVersion)
    {
        var json = new JsonObject { ["attributes"] = SalesforceJson.Attributes(schema.Name, record.Id, apiVersion) };
        foreach (var field in fields)
        {
            json[field.Name] = field.Type == FieldType.Address
                ? Address(schema, record, field.Name)
                : SalesforceJson.ToJson(record[field.Name], field.Type);
        }

        return json;
    }

    /// <summary>A compound address from its components (<c>BillingStreet</c>, <c>BillingCity</c>, …), or null when all are empty.</summary>
    public static JsonObject? Address(SObjectSchema schema, SObjectRecord record, string addressField)
    {
        var prefix = addressField[..^"Address".Length];
        (string Key, string Part)[] parts =
        [
            ("city", "City"), ("country", "Country"), ("geocodeAccuracy", "GeocodeAccuracy"), ("latitude", "Latitude"),
            ("longitude", "Longitude"), ("postalCode", "PostalCode"), ("state", "State"), ("street", "Street"),
        ];
        var address = new JsonObject();
        var any = false;
        foreach (var (key, part) in parts)
        {
            var field = schema.FindField(prefix + part);
            var value = field is null ? null : record[field.Name];
            any |= value is not null;
            address[key] = field is null ? null : SalesforceJson.ToJson(value, field.Type);
        }

        return any ? address : null;
    }
}
