using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// <c>composite/sobjects</c>: up to 200 records created, updated or deleted in one call, with one result per record;
/// with <c>allOrNone</c> one failure rolls every record back.
/// </summary>
internal sealed class CollectionResources(SalesforceOrg org)
{
    private const int MaxRecords = 200;
    private const int MaxRetrieveIds = 2000;

    public RestResponse Create(RestRequest request) => Write(request, (record, _) =>
    {
        var type = TypeOf(record) ?? throw new SalesforceErrorException(400, "INVALID_TYPE", "No SObject Type defined in record");
        return (org.Create(type, SObjectResources.Fields(record)), null);
    });

    public RestResponse Update(RestRequest request) => Write(request, (record, _) =>
    {
        var id = SalesforceId.Normalize((string?)record["id"] ?? (string?)record["Id"])
            ?? throw new SalesforceErrorException(400, "MISSING_ARGUMENT", "Id not specified in an update call", "Id");
        var type = TypeOf(record) ?? org.Find(id)?.ObjectName
            ?? throw InvalidCrossReference();
        var fields = SObjectResources.Fields(record);
        fields.Remove("id");
        fields.Remove("Id");
        org.Update(type, id, fields);
        return (id, null);
    });

    /// <summary>PATCH <c>composite/sobjects/{type}/{externalIdField}</c>: upserts each record, telling which were created.</summary>
    public RestResponse Upsert(RestRequest request, string type, string field) => Write(request, (record, _) =>
    {
        var fields = SObjectResources.Fields(record);
        var key = fields.FirstOrDefault(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase));
        if (key.Key is null || key.Value is null)
        {
            throw new SalesforceErrorException(400, "MISSING_ARGUMENT", $"{field} not specified", field);
        }

        var value = key.Value.GetValueKind() == JsonValueKind.String ? key.Value.GetValue<string>() : key.Value.ToJsonString();
        fields.Remove(key.Key);
        return org.Upsert(TypeOf(record) ?? type, field, value, fields);
    });

    public RestResponse Delete(RestRequest request)
    {
        var ids = SplitList(request.Query.GetValueOrDefault("ids")) ?? [];
        if (ids.Length == 0)
        {
            throw new SalesforceErrorException(400, "MISSING_ARGUMENT", "ids parameter is required");
        }

        CheckCount(ids.Length);
        var allOrNone = string.Equals(request.Query.GetValueOrDefault("allOrNone"), "true", StringComparison.OrdinalIgnoreCase);
        return Run(allOrNone, ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToList(), (node, _) =>
        {
            var given = (string)node!;
            var id = SalesforceId.Normalize(given) ?? throw new SalesforceErrorException(400, "MALFORMED_ID", $"malformed id {given}");
            var record = org.Find(id) ?? throw InvalidCrossReference();
            if (record.IsDeleted)
            {
                throw new SalesforceErrorException(400, "ENTITY_IS_DELETED", "entity is deleted");
            }

            org.Delete(record.ObjectName, id);
            return (id, null);
        }, idOnFailure: true);
    }

    /// <summary>
    /// GET <c>?ids=&amp;fields=</c> or POST <c>{"ids":[…],"fields":[…]}</c>: the records in order, null where none is found.
    /// </summary>
    public RestResponse Retrieve(RestRequest request, string type)
    {
        var body = request.Body as JsonObject;
        var ids = body?["ids"] is JsonArray idArray
            ? idArray.Select(i => (string?)i ?? "").ToArray()
            : SplitList(request.Query.GetValueOrDefault("ids")) ?? [];
        var fields = body?["fields"] is JsonArray fieldArray
            ? fieldArray.Select(f => (string?)f ?? "").ToArray()
            : SplitList(request.Query.GetValueOrDefault("fields"));
        if (ids.Length == 0)
        {
            throw new SalesforceErrorException(400, "MISSING_ARGUMENT", "ids parameter is required");
        }

        if (ids.Length > MaxRetrieveIds)
        {
            throw new SalesforceErrorException(400, "EXCEEDED_ID_LIMIT", $"Cannot retrieve more than {MaxRetrieveIds} records in one call");
        }

        var records = org.Snapshot(() => ids.Select(id =>
        {
            try
            {
                return (JsonNode?)org.Retrieve(type, SObjectResources.NormalizeId(id), fields, request.Version);
            }
            catch (SalesforceErrorException e) when (e.StatusCode == 404 && org.Schema.FindObject(type) is not null)
            {
                return null;
            }
        }).ToArray());
        return RestResponse.Ok(new JsonArray(records));
    }

    private RestResponse Write(RestRequest request, Func<JsonObject, OrgTransaction, (string Id, bool? Created)> write)
    {
        if (request.Body is not JsonObject body)
        {
            throw request.Body is null ? RestErrors.NoBody() : RestErrors.BadJson("Expected a JSON object with records");
        }

        var records = body["records"] as JsonArray
            ?? throw new SalesforceErrorException(400, "MISSING_ARGUMENT", "records parameter is required");
        CheckCount(records.Count);
        var allOrNone = body["allOrNone"] is JsonValue flag && flag.TryGetValue<bool>(out var value) && value;
        return Run(allOrNone, records.ToList(), (node, tx) => node is JsonObject record
            ? write(record, tx)
            : throw RestErrors.BadJson("Each record must be a JSON object"), idOnFailure: false);
    }

    private RestResponse Run(
        bool allOrNone, List<JsonNode?> items, Func<JsonNode?, OrgTransaction, (string Id, bool? Created)> work, bool idOnFailure)
    {
        var results = org.Transaction(tx =>
        {
            var outcomes = new List<(string? Id, bool? Created, SalesforceErrorException? Error)>();
            foreach (var item in items)
            {
                try
                {
                    var (id, created) = work(item, tx);
                    outcomes.Add((id, created, null));
                }
                catch (SalesforceErrorException e)
                {
                    outcomes.Add((idOnFailure ? (string?)item : null, null, e));
                }
            }

            var rolledBack = allOrNone && outcomes.Any(o => o.Error is not null);
            if (rolledBack)
            {
                tx.MarkRollback();
            }

            return outcomes.Select(o => Result(o.Id, o.Created, o.Error, rolledBack, idOnFailure)).ToArray();
        });
        return RestResponse.Ok(new JsonArray(results));
    }

    private static JsonNode Result(string? id, bool? created, SalesforceErrorException? error, bool rolledBack, bool idOnFailure)
    {
        if (error is null && !rolledBack)
        {
            var success = new JsonObject { ["id"] = id, ["success"] = true, ["errors"] = new JsonArray() };
            if (created is not null)
            {
                success["created"] = created;
            }

            return success;
        }

        var errors = error is not null
            ? error.Errors.Select(e => (JsonNode?)new JsonObject
            {
                ["statusCode"] = e.ErrorCode,
                ["message"] = e.Message,
                ["fields"] = new JsonArray(e.Fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            }).ToArray()
            : [new JsonObject
            {
                ["statusCode"] = "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                ["message"] = "Record rolled back because not all records were valid and the request was using AllOrNone header",
                ["fields"] = new JsonArray(),
            }];
        var result = new JsonObject();
        if (idOnFailure && id is not null)
        {
            result["id"] = id;
        }

        result["success"] = false;
        result["errors"] = new JsonArray(errors);
        return result;
    }

    private static string? TypeOf(JsonObject record) => (string?)record["attributes"]?["type"];

    private static string[]? SplitList(string? list) =>
        list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static SalesforceErrorException InvalidCrossReference() =>
        new(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");

    private static void CheckCount(int count)
    {
        if (count > MaxRecords)
        {
            throw new SalesforceErrorException(
                400, "EXCEEDED_ID_LIMIT", $"record limit reached. cannot submit more than {MaxRecords} records into this call");
        }
    }
}
