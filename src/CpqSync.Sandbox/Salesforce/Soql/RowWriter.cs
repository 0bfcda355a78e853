using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Shapes a result row as Salesforce's REST JSON: <c>attributes</c> first, then the selected fields in SELECT order,
/// parent paths nested under their relationship name and child subqueries as query results of their own.
/// </summary>
internal sealed class RowWriter
{
    private static readonly (string Json, string Suffix)[] AddressParts =
    [
        ("city", "City"),
        ("country", "Country"),
        ("geocodeAccuracy", "GeocodeAccuracy"),
        ("latitude", "Latitude"),
        ("longitude", "Longitude"),
        ("postalCode", "PostalCode"),
        ("state", "State"),
        ("street", "Street"),
    ];

    private readonly RecordNavigator _navigator;
    private readonly string _apiVersion;
    private readonly Func<SObjectRecord, ChildSelect, List<SObjectRecord>> _childRows;

    public RowWriter(RecordNavigator navigator, string apiVersion, Func<SObjectRecord, ChildSelect, List<SObjectRecord>> childRows)
    {
        _navigator = navigator;
        _apiVersion = apiVersion;
        _childRows = childRows;
    }

    public JsonObject Write(BoundQuery query, SObjectRecord record)
    {
        var row = NewRow(record);
        foreach (var item in query.Select)
        {
            switch (item)
            {
                case FieldSelect field:
                    WritePath(row, record, field.Path, 0);
                    break;
                case ChildSelect child:
                    row[child.Relationship.RelationshipName] = ChildResult(record, child);
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected select item {item.GetType().Name}.");
            }
        }

        return row;
    }

    private JsonObject NewRow(SObjectRecord record) =>
        new() { ["attributes"] = SalesforceJson.Attributes(record.ObjectName, record.Id, _apiVersion) };

    private JsonObject? ChildResult(SObjectRecord parent, ChildSelect child)
    {
        var rows = _childRows(parent, child);
        if (rows.Count == 0)
        {
            return null;
        }

        var records = new JsonArray();
        foreach (var row in rows)
        {
            records.Add(Write(child.Query, row));
        }

        return new JsonObject { ["totalSize"] = rows.Count, ["done"] = true, ["records"] = records };
    }

    /// <summary>Writes one path, merging into the parent object an earlier path through the same lookup created.</summary>
    private void WritePath(JsonObject target, SObjectRecord record, BoundPath path, int depth)
    {
        if (depth == path.Lookups.Count)
        {
            target[path.Field.Name] = ToJson(record, path.Field);
            return;
        }

        var lookup = path.Lookups[depth];
        var key = lookup.RelationshipName!;
        var parent = _navigator.Parent(record, lookup);
        if (parent is null)
        {
            target[key] = null;
            return;
        }

        if (target[key] is not JsonObject nested)
        {
            nested = NewRow(parent);
            target[key] = nested;
        }

        WritePath(nested, parent, path, depth + 1);
    }

    private static JsonNode? ToJson(SObjectRecord record, FieldSchema field) =>
        field.Type == FieldType.Address ? Address(record, field) : SalesforceJson.ToJson(RecordNavigator.Read(record, field), field.Type);

    /// <summary>A compound address, derived from its components (<c>BillingCity</c>… for <c>BillingAddress</c>).</summary>
    private static JsonObject? Address(SObjectRecord record, FieldSchema field)
    {
        var prefix = field.Name.EndsWith("Address", StringComparison.OrdinalIgnoreCase) ? field.Name[..^"Address".Length] : field.Name;
        var values = AddressParts.Select(p => (p.Json, Value: record[prefix + p.Suffix])).ToList();
        if (values.All(v => v.Value is null))
        {
            return null;
        }

        var address = new JsonObject();
        foreach (var (name, value) in values)
        {
            address[name] = SalesforceJson.ToJson(value, value is decimal ? FieldType.Double : FieldType.String);
        }

        return address;
    }
}
