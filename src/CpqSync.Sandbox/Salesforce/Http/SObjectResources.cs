using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>The <c>sobjects</c> resources: describe, create, retrieve, update, delete, upsert and child relationships.</summary>
internal sealed class SObjectResources(SalesforceOrg org)
{
    public RestResponse DescribeGlobal(RestRequest request) => RestResponse.Ok(org.DescribeGlobal(request.Version));

    public RestResponse BasicInfo(RestRequest request, string type)
    {
        var describe = org.DescribeGlobal(request.Version)["sobjects"]?.AsArray()
            .FirstOrDefault(o => string.Equals((string?)o?["name"], type, StringComparison.OrdinalIgnoreCase))
            ?? throw RestErrors.NotFound();
        return RestResponse.Ok(new JsonObject { ["objectDescribe"] = describe.DeepClone(), ["recentItems"] = new JsonArray() });
    }

    public RestResponse Describe(RestRequest request, string type) => RestResponse.Ok(org.Describe(type, request.Version));

    public RestResponse Create(RestRequest request, string type)
    {
        var id = org.Create(type, Fields(request.Body));
        var body = new JsonObject { ["id"] = id, ["success"] = true, ["errors"] = new JsonArray() };
        return new RestResponse(201, body, RecordUrl(request.Version, CanonicalName(type), id));
    }

    public RestResponse Retrieve(RestRequest request, string type, string id)
    {
        var fields = request.Query.TryGetValue("fields", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        return RestResponse.Ok(org.Retrieve(type, NormalizeId(id), fields, request.Version));
    }

    public RestResponse Update(RestRequest request, string type, string id)
    {
        org.Update(type, NormalizeId(id), Fields(request.Body));
        return new RestResponse(204, null);
    }

    public RestResponse Delete(string type, string id)
    {
        org.Delete(type, NormalizeId(id));
        return new RestResponse(204, null);
    }

    /// <summary>
    /// GET <c>sobjects/{type}/updated/?start=…&amp;end=…</c>: ids of the records added or changed (by <c>SystemModstamp</c>)
    /// in the window, whose seconds Salesforce ignores, and the latest date covered.
    /// </summary>
    public RestResponse Updated(RestRequest request, string type)
    {
        var (name, start, end) = ReplicationWindow(request, type);
        var ids = org.Records(name, includeDeleted: false)
            .Select(static r => (r.Id, Stamp: r["SystemModstamp"] as DateTimeOffset?))
            .Where(r => r.Stamp >= start && r.Stamp < end)
            .OrderBy(static r => r.Stamp).ThenBy(static r => r.Id, StringComparer.Ordinal)
            .Select(static r => (JsonNode?)r.Id);
        return RestResponse.Ok(new JsonObject
        {
            ["ids"] = new JsonArray([.. ids]),
            ["latestDateCovered"] = SalesforceJson.FormatDateTime(end),
        });
    }

    /// <summary>
    /// GET <c>sobjects/{type}/deleted/?start=…&amp;end=…</c>: the records deleted in the window (still in the recycle bin),
    /// with when, the earliest date available and the latest date covered.
    /// </summary>
    public RestResponse Deleted(RestRequest request, string type)
    {
        var (name, start, end) = ReplicationWindow(request, type);
        var deleted = org.Records(name, includeDeleted: true)
            .Where(static r => r.IsDeleted)
            .Select(static r => (r.Id, Stamp: r["SystemModstamp"] as DateTimeOffset?))
            .Where(r => r.Stamp >= start && r.Stamp < end)
            .OrderBy(static r => r.Stamp).ThenBy(static r => r.Id, StringComparer.Ordinal)
            .Select(static r => (JsonNode?)new JsonObject { ["id"] = r.Id, ["deletedDate"] = SalesforceJson.FormatDateTime(r.Stamp!.Value) });
        return RestResponse.Ok(new JsonObject
        {
            ["deletedRecords"] = new JsonArray([.. deleted]),
            ["earliestDateAvailable"] = SalesforceJson.FormatDateTime(Minute(org.Now.AddDays(-ReplicationDays))),
            ["latestDateCovered"] = SalesforceJson.FormatDateTime(end),
        });
    }

    /// <summary>Salesforce answers replication calls for the last 30 days only.</summary>
    private const int ReplicationDays = 30;

    /// <summary>The object and the window of a replication call, to the minute; the end is never later than now.</summary>
    private (string Name, DateTimeOffset Start, DateTimeOffset End) ReplicationWindow(RestRequest request, string type)
    {
        var name = CanonicalName(type);
        _ = org.Schema.FindObject(name) ?? throw RestErrors.NotFound();
        var start = ReplicationDate(request, "start");
        var end = ReplicationDate(request, "end");
        var now = org.Now;
        if (end > now)
        {
            end = now;
        }

        end = Minute(end);
        if (start > end || start < Minute(now.AddDays(-ReplicationDays)))
        {
            throw new SalesforceErrorException(400, "INVALID_REPLICATION_DATE",
                $"startDate must chronologically precede endDate and be within the last {ReplicationDays} days");
        }

        return (name, start, end);
    }

    private static DateTimeOffset ReplicationDate(RestRequest request, string parameter)
    {
        if (!request.Query.TryGetValue(parameter, out var text) || string.IsNullOrWhiteSpace(text))
        {
            throw new SalesforceErrorException(400, "MISSING_ARGUMENT", $"The '{parameter}' parameter is required");
        }

        return FieldValues.TryParseDateTime(text, out var value)
            ? Minute(value)
            : throw new SalesforceErrorException(400, "INVALID_REPLICATION_DATE", $"Invalid '{parameter}' date: {text}");
    }

    private static DateTimeOffset Minute(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    /// <summary>PATCH <c>sobjects/{type}/{externalIdField}/{value}</c>: 201 when it inserts, 200 when it updates.</summary>
    public RestResponse Upsert(RestRequest request, string type, string field, string value)
    {
        var (id, created) = org.Upsert(type, field, value, Fields(request.Body));
        var body = new JsonObject { ["id"] = id, ["success"] = true, ["errors"] = new JsonArray(), ["created"] = created };
        return new RestResponse(created ? 201 : 200, body, RecordUrl(request.Version, CanonicalName(type), id));
    }

    /// <summary>GET or DELETE <c>sobjects/{type}/{externalIdField}/{value}</c>.</summary>
    public RestResponse ByExternalId(RestRequest request, string type, string field, string value)
    {
        var id = org.Snapshot(() => FindByExternalId(type, field, value));
        return request.Method == "DELETE" ? Delete(type, id) : Retrieve(request, type, id);
    }

    /// <summary>GET <c>sobjects/{type}/{id}/{childRelationship}</c>: a query-shaped body with the full child records.</summary>
    public RestResponse Children(RestRequest request, string type, string id, string relationship)
    {
        var relation = org.Schema.FindObject(type)?.ChildRelationships.GetValueOrDefault(relationship) ?? throw RestErrors.NotFound();
        var parentId = NormalizeId(id);
        var records = org.Snapshot(() =>
        {
            org.Retrieve(type, parentId, ["Id"], request.Version);
            return org.Children(relation.ChildObject, relation.Field, parentId, includeDeleted: false)
                .Select(child => (JsonNode?)org.Retrieve(relation.ChildObject, child.Id, null, request.Version))
                .ToArray();
        });
        return RestResponse.Ok(new JsonObject { ["totalSize"] = records.Length, ["done"] = true, ["records"] = new JsonArray(records) });
    }

    /// <summary>A request body's fields, without the <c>attributes</c> a client may echo back.</summary>
    public static JsonObject Fields(JsonNode? body)
    {
        if (body is null)
        {
            throw RestErrors.NoBody();
        }

        if (body is not JsonObject record)
        {
            throw RestErrors.BadJson("Cannot deserialize instance of SObject from a JSON value that is not an object");
        }

        var fields = (JsonObject)record.DeepClone();
        fields.Remove("attributes");
        return fields;
    }

    public static string NormalizeId(string id) => SalesforceId.Normalize(id) ?? id;

    private string CanonicalName(string type) => org.Schema.FindObject(type)?.Name ?? type;

    private static string RecordUrl(string version, string type, string id) => $"/services/data/v{version}/sobjects/{type}/{id}";

    private string FindByExternalId(string type, string field, string value)
    {
        var schema = org.Schema.FindObject(type) ?? throw RestErrors.NotFound();
        var schemaField = schema.FindField(field);
        if (schemaField is null || !(schemaField.ExternalId || schemaField.Name == "Id"))
        {
            throw new SalesforceErrorException(
                404, "NOT_FOUND", $"Provided external ID field does not exist or is not accessible: {field}");
        }

        var match = org.Records(schema.Name, includeDeleted: false)
            .FirstOrDefault(r => string.Equals(SalesforceJson.ToJson(r[schemaField.Name], schemaField.Type)?.ToString(), value,
                StringComparison.OrdinalIgnoreCase));
        return match?.Id ?? throw RestErrors.NotFound();
    }
}
