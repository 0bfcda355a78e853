using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

// THROWAWAY STUB for the HTTP layer until the org helper's code lands in main: a tiny in-memory org with
// Account and Contact, enough to exercise the REST endpoints.
public sealed class SalesforceOrg : IRecordSource, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private Dictionary<string, SObjectRecord> _records = new(StringComparer.Ordinal);
    private long _sequence;

    private SalesforceOrg(OrgSchema schema, TimeProvider time)
    {
        Schema = schema;
        _time = time;
        Info = new OrgInfo(
            SalesforceId.Create("00D", 1),
            new OrgUser(SalesforceId.Create("005", 1), "api@cpqsync.sandbox", "Sandbox Api", "api@cpqsync.sandbox"),
            "USD",
            ["USD", "EUR"],
            SalesforceId.Create("01s", 1));
    }

    public OrgSchema Schema { get; }

    public OrgInfo Info { get; }

    public static SalesforceOrg Create(SalesforceOrgOptions options, TimeProvider time)
    {
        var account = new List<FieldSchema>
        {
            Field("Id", FieldType.Id, createable: false),
            Field("Name", FieldType.String, nillable: false),
            Field("Industry", FieldType.String),
            Field("AnnualRevenue", FieldType.Currency),
            Field("CreatedDate", FieldType.DateTime, createable: false),
        };
        var contact = new List<FieldSchema>
        {
            Field("Id", FieldType.Id, createable: false),
            Field("LastName", FieldType.String, nillable: false),
            Field("FirstName", FieldType.String),
            Field("Email", FieldType.Email),
            Field("AccountId", FieldType.Reference) with { ReferenceTo = ["Account"], RelationshipName = "Account" },
            Field("CreatedDate", FieldType.DateTime, createable: false),
        };
        var accountChildren = new List<ChildRelationshipSchema> { new("Contacts", "Contact", "AccountId") };
        foreach (var extra in options.ExtraSchema.Where(e => e.Name == "Account"))
        {
            account.AddRange(extra.Fields.Values);
        }

        var objects = new List<SObjectSchema>
        {
            new("Account", "Account", "Accounts", "001", false, account, accountChildren),
            new("Contact", "Contact", "Contacts", "003", false, contact, []),
        };
        objects.AddRange(options.ExtraSchema.Where(e => e.Name != "Account"));
        return new SalesforceOrg(new OrgSchema(objects), time);
    }

    public string Create(string objectName, JsonObject fields)
    {
        lock (_lock)
        {
            var schema = Object(objectName);
            foreach (var required in schema.Fields.Values.Where(f => !f.Nillable && f.Createable && !fields.ContainsKey(f.Name)))
            {
                throw new SalesforceErrorException(400, "REQUIRED_FIELD_MISSING", $"Required fields are missing: [{required.Name}]", required.Name);
            }

            var record = new SObjectRecord(schema.Name, SalesforceId.Create(schema.KeyPrefix, ++_sequence));
            record["CreatedDate"] = _time.GetUtcNow();
            Apply(schema, record, fields);
            _records[record.Id] = record;
            return record.Id;
        }
    }

    public void Update(string objectName, string id, JsonObject fields)
    {
        lock (_lock)
        {
            Apply(Object(objectName), Existing(objectName, id), fields);
        }
    }

    public void Delete(string objectName, string id)
    {
        lock (_lock)
        {
            Existing(objectName, id).IsDeleted = true;
        }
    }

    public (string Id, bool Created) Upsert(string objectName, string externalIdField, string value, JsonObject fields)
    {
        lock (_lock)
        {
            var match = _records.Values.FirstOrDefault(r => !r.IsDeleted && r.ObjectName == objectName
                && string.Equals(r[externalIdField] as string, value, StringComparison.OrdinalIgnoreCase));
            if (match is not null)
            {
                Apply(Object(objectName), match, fields);
                return (match.Id, false);
            }

            fields[externalIdField] = value;
            return (Create(objectName, fields), true);
        }
    }

    public JsonObject Retrieve(string objectName, string id, IReadOnlyCollection<string>? fields, string apiVersion)
    {
        lock (_lock)
        {
            var schema = Object(objectName);
            var record = Existing(objectName, id);
            var json = new JsonObject { ["attributes"] = SalesforceJson.Attributes(schema.Name, record.Id, apiVersion) };
            foreach (var field in schema.Fields.Values.Where(f => fields is null || fields.Contains(f.Name, StringComparer.OrdinalIgnoreCase)))
            {
                json[field.Name] = SalesforceJson.ToJson(record[field.Name], field.Type);
            }

            return json;
        }
    }

    public JsonObject DescribeGlobal(string apiVersion) => new()
    {
        ["encoding"] = "UTF-8",
        ["maxBatchSize"] = 200,
        ["sobjects"] = new JsonArray(Schema.Objects.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["label"] = o.Label,
            ["labelPlural"] = o.LabelPlural,
            ["keyPrefix"] = o.KeyPrefix,
            ["custom"] = o.Custom,
            ["createable"] = true,
            ["queryable"] = true,
            ["urls"] = new JsonObject { ["sobject"] = $"/services/data/v{apiVersion}/sobjects/{o.Name}" },
        }).ToArray()),
    };

    public JsonObject Describe(string objectName, string apiVersion)
    {
        var schema = Object(objectName);
        return new JsonObject
        {
            ["name"] = schema.Name,
            ["label"] = schema.Label,
            ["keyPrefix"] = schema.KeyPrefix,
            ["fields"] = new JsonArray(schema.Fields.Values.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["type"] = f.Type.ToString().ToLowerInvariant(),
                ["externalId"] = f.ExternalId,
            }).ToArray()),
        };
    }

    public T Transaction<T>(Func<OrgTransaction, T> work)
    {
        lock (_lock)
        {
            var snapshot = _records.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal);
            var tx = new OrgTransaction();
            try
            {
                var result = work(tx);
                if (tx.RollbackRequested)
                {
                    _records = snapshot;
                }

                return result;
            }
            catch
            {
                _records = snapshot;
                throw;
            }
        }
    }

    public IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted) =>
        _records.Values.Where(r => string.Equals(r.ObjectName, objectName, StringComparison.OrdinalIgnoreCase)
            && (includeDeleted || !r.IsDeleted)).ToList();

    public SObjectRecord? Find(string id) =>
        SalesforceId.Normalize(id) is { } normal ? _records.GetValueOrDefault(normal) : null;

    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted) =>
        Records(childObject, includeDeleted).Where(r => string.Equals(r[field] as string, parentId, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FieldSchema Field(string name, FieldType type, bool nillable = true, bool createable = true) =>
        new() { Name = name, Label = name, Type = type, Nillable = nillable, Createable = createable, Updateable = createable };

    private SObjectSchema Object(string name) =>
        Schema.FindObject(name) ?? throw new SalesforceErrorException(404, "NOT_FOUND", "The requested resource does not exist");

    private SObjectRecord Existing(string objectName, string id)
    {
        var record = Find(id);
        if (record is null || record.IsDeleted || !string.Equals(record.ObjectName, objectName, StringComparison.OrdinalIgnoreCase))
        {
            throw new SalesforceErrorException(404, "NOT_FOUND", "The requested resource does not exist");
        }

        return record;
    }

    private static void Apply(SObjectSchema schema, SObjectRecord record, JsonObject fields)
    {
        foreach (var (name, value) in fields)
        {
            var field = schema.FindField(name)
                ?? throw new SalesforceErrorException(400, "INVALID_FIELD", $"No such column '{name}' on sobject of type {schema.Name}", name);
            if (!field.Createable)
            {
                throw new SalesforceErrorException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", $"Unable to create/update fields: {name}.", name);
            }

            record[field.Name] = value?.GetValueKind() switch
            {
                null or JsonValueKind.Null => null,
                JsonValueKind.Number => value.GetValue<decimal>(),
                JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
                _ => field.Type == FieldType.Reference ? SalesforceId.Normalize(value.GetValue<string>()) : value.GetValue<string>(),
            };
        }
    }
}
