using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Inserts, updates and deletes records with Salesforce's checks, in the order Salesforce applies them:
/// unknown or read-only fields, value types, required fields, references, lengths and picklists, then the org's rules.
/// Runs inside a transaction: a record is locked before it is read to be changed, with the parents its write depends
/// on (Salesforce's record locking: the master of a master-detail child exclusively, since roll-ups and automation
/// change it; the target of a lookup the write sets shared, so it is not deleted or changed underneath).
/// </summary>
internal sealed class DmlEngine
{
    private readonly OrgSchema _schema;
    private readonly RecordStore _store;
    private readonly TimeProvider _time;
    private readonly OrgRules _rules;
    private readonly ValueChecks _checks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, InsertPlan> _plans = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<string>> _masterFields = new(StringComparer.Ordinal);

    public DmlEngine(OrgSchema schema, RecordStore store, TimeProvider time, Func<OrgInfo> info)
    {
        _schema = schema;
        _store = store;
        _time = time;
        Info = info;
        _rules = new OrgRules(this, store);
        _checks = new ValueChecks(schema, store);
    }

    public Func<OrgInfo> Info { get; }

    public OrgSchema Schema => _schema;

    public RecordStore Store => _store;

    /// <summary>The org's clock, in whole seconds as Salesforce stamps audit fields (<c>…41.000+0000</c>).</summary>
    public DateTimeOffset Now
    {
        get
        {
            var now = _time.GetUtcNow();
            return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }
    }

    public SObjectSchema RequireObject(string objectName) => _schema.FindObject(objectName) ?? throw OrgErrors.NotFound();

    /// <summary>The live record with this id, which must be of <paramref name="objectName"/>.</summary>
    public SObjectRecord RequireRecord(SObjectSchema schema, string id)
    {
        var id18 = SalesforceId.Normalize(id);
        if (id18 is null || !id18.StartsWith(schema.KeyPrefix, StringComparison.Ordinal))
        {
            throw OrgErrors.NoSuchRecord(id);
        }

        var record = _store.Find(id18) ?? throw OrgErrors.NotFound();
        return record.IsDeleted ? throw OrgErrors.EntityIsDeleted() : record;
    }

    /// <summary>The live record with this id, locked for the running transaction before it is read.</summary>
    private SObjectRecord RequireLocked(SObjectSchema schema, string id)
    {
        if (SalesforceId.Normalize(id) is { } id18 && id18.StartsWith(schema.KeyPrefix, StringComparison.Ordinal))
        {
            _store.Lock(id18);
        }

        return RequireRecord(schema, id);
    }

    /// <summary>
    /// Locks what a write depends on, before anything of it is read: the masters (before and after) exclusively, and
    /// the targets of the lookups it sets shared.
    /// </summary>
    private void LockParents(SObjectSchema schema, SObjectRecord? current, SObjectRecord? record, IEnumerable<FieldSchema> written)
    {
        var masters = MasterFields(schema);
        foreach (var field in masters)
        {
            LockParent(current?[field], exclusive: true);
            LockParent(record?[field], exclusive: true);
        }

        foreach (var field in written)
        {
            if (field.Type == FieldType.Reference && !masters.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
            {
                LockParent(record?[field.Name], exclusive: false);
            }
        }
    }

    private void LockParent(object? value, bool exclusive)
    {
        if (value is string id && SalesforceId.Normalize(id) is { } id18)
        {
            _store.Lock(id18, exclusive);
        }
    }

    /// <param name="systemMode">Seeds and the org's own automation may write read-only fields (e.g. CreatedDate).</param>
    public string Insert(string objectName, JsonObject fields, bool systemMode = false)
    {
        var schema = RequireObject(objectName);
        if (!schema.Createable && !systemMode)
        {
            throw OrgErrors.TypeNotSupported("inserted", schema.Name);
        }

        var values = Parse(schema, fields, insert: true, systemMode);
        var id = SalesforceId.Create(schema.KeyPrefix, _store.NextSequence(schema.KeyPrefix));
        var record = new SObjectRecord(schema.Name, id);
        ApplyDefaults(schema, record);
        foreach (var (field, value) in values)
        {
            record[field.Name] = value;
        }

        var missing = Plan(schema).Required.Where(f => record[f.Name] is null).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw OrgErrors.RequiredFieldsMissing(missing);
        }

        LockParents(schema, null, record, values.Keys);

        _checks.CheckValues(record, values.Keys);
        _rules.BeforeSave(schema, null, record);
        _checks.CheckUnique(schema, record, values.Keys);
        _store.Put(record);
        _rules.AfterWrite(schema, null, record);
        return id;
    }

    public void Update(string objectName, string id, JsonObject fields, bool systemMode = false)
    {
        var schema = RequireObject(objectName);
        if (!schema.Updateable && !systemMode)
        {
            throw OrgErrors.TypeNotSupported("updated", schema.Name);
        }

        var current = RequireLocked(schema, id);
        var values = Parse(schema, fields, insert: false, systemMode);
        var record = current.Clone();
        foreach (var (field, value) in values)
        {
            record[field.Name] = value;
        }

        var cleared = values.Where(v => v.Value is null && !v.Key.Nillable && v.Key.Type != FieldType.Boolean).Select(v => v.Key.Name).ToList();
        if (cleared.Count > 0)
        {
            throw OrgErrors.RequiredFieldsMissing(cleared);
        }

        LockParents(schema, current, record, values.Keys);

        _checks.CheckValues(record, values.Keys);
        _rules.BeforeSave(schema, current, record);
        _checks.CheckUnique(schema, record, values.Keys);
        Touch(record);
        _store.Put(record);
        _rules.AfterWrite(schema, current, record);
    }

    public void Delete(string objectName, string id)
    {
        var schema = RequireObject(objectName);
        if (!schema.Deletable)
        {
            throw OrgErrors.TypeNotSupported("deleted", schema.Name);
        }

        var current = RequireLocked(schema, id);
        LockParents(schema, current, null, []);
        _rules.BeforeDelete(schema, current);
        MarkDeleted(schema, current);
    }

    /// <summary>Deletes a record and, like Salesforce, its master-detail children.</summary>
    private void MarkDeleted(SObjectSchema schema, SObjectRecord current)
    {
        foreach (var child in schema.ChildRelationships.Values.Where(c => c.CascadeDelete))
        {
            var childSchema = _schema.FindObject(child.ChildObject);
            if (childSchema is null)
            {
                continue;
            }

            foreach (var row in _store.Children(childSchema.Name, child.Field, current.Id).Where(r => !r.IsDeleted).ToList())
            {
                MarkDeleted(childSchema, row);
            }
        }

        _store.Lock(current.Id);
        var record = _store.Find(current.Id)!.Clone();
        record.IsDeleted = true;
        record["IsDeleted"] = true;
        Touch(record);
        _store.Put(record);
        _rules.AfterWrite(schema, current, record);
    }

    /// <summary>Writes fields the org maintains itself (roll-ups, activation stamps) without user-level checks.</summary>
    public void SystemUpdate(SObjectRecord current, Action<SObjectRecord> change)
    {
        // Changed from its latest version, read once locked (the caller may have read it before).
        _store.Lock(current.Id);
        var record = (_store.Find(current.Id) ?? current).Clone();
        change(record);
        Touch(record);
        _store.Put(record);
    }

    private void Touch(SObjectRecord record)
    {
        var now = Now;
        record["LastModifiedDate"] = now;
        record["SystemModstamp"] = now;
        record["LastModifiedById"] = Info().ApiUser.Id;
    }

    private void ApplyDefaults(SObjectSchema schema, SObjectRecord record)
    {
        var now = Now;
        var user = Info().ApiUser.Id;
        var plan = Plan(schema);
        foreach (var (field, value) in plan.Defaults)
        {
            record[field] = value;
        }

        foreach (var field in plan.AutoNumbers)
        {
            var number = _store.NextAutoNumber(schema.Name, field.Name, field.StartingNumber);
            record[field.Name] = AutoNumberFormat.Format(field.DisplayFormat, number);
        }

        SetIfPresent(schema, record, "IsDeleted", false);
        SetIfPresent(schema, record, "CreatedDate", now);
        SetIfPresent(schema, record, "LastModifiedDate", now);
        SetIfPresent(schema, record, "SystemModstamp", now);
        SetIfPresent(schema, record, "CreatedById", user);
        SetIfPresent(schema, record, "LastModifiedById", user);
        SetIfPresent(schema, record, "OwnerId", user);
        SetIfPresent(schema, record, "CurrencyIsoCode", Info().CorporateCurrency);
    }

    private static void SetIfPresent(SObjectSchema schema, SObjectRecord record, string field, object value)
    {
        if (schema.Fields.ContainsKey(field))
        {
            record[field] = value;
        }
    }

    private Dictionary<FieldSchema, object?> Parse(SObjectSchema schema, JsonObject fields, bool insert, bool systemMode)
    {
        var values = new Dictionary<FieldSchema, object?>();
        foreach (var (name, node) in fields)
        {
            if (string.Equals(name, "attributes", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (schema.FindField(name) is null && schema.ParentRelationships.TryGetValue(name, out var lookup) && node is JsonObject parentKey)
            {
                values[lookup] = _checks.ResolveParent(lookup, parentKey);
                continue;
            }

            if (systemMode && !Info().MultiCurrency && string.Equals(name, "CurrencyIsoCode", StringComparison.OrdinalIgnoreCase)
                && schema.FindField(name) is null)
            {
                // A single-currency org has no CurrencyIsoCode fields: its own automation (ordering, contracting) and the
                // seeds copy a currency only where the field exists. API callers still get INVALID_FIELD.
                continue;
            }

            var field = schema.FindField(name) ?? throw OrgErrors.InvalidField(name, schema.Name);
            if (field.Type == FieldType.Id && !insert)
            {
                continue; // Salesforce ignores the Id of the record being updated when it appears in the body.
            }

            var writable = insert ? field.Createable : field.Updateable;
            if (!writable && !(systemMode && field.Type != FieldType.Id && field.Type != FieldType.Address))
            {
                throw OrgErrors.NotWritable(field.Name);
            }

            values[field] = FieldValues.FromJson(field, node);
        }

        return values;
    }


    /// <summary>The reference fields through which this object is a master-detail child (cascade-deleted with its parent).</summary>
    public IReadOnlyList<string> MasterFields(SObjectSchema schema)
    {
        return _masterFields.GetOrAdd(schema.Name, name => [.. _schema.Objects
            .SelectMany(o => o.ChildRelationships.Values)
            .Where(c => c.CascadeDelete && string.Equals(c.ChildObject, name, StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Field)
            .Distinct(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>What every insert of an object needs from its schema, worked out once.</summary>
    private InsertPlan Plan(SObjectSchema schema)
    {
        return _plans.GetOrAdd(schema.Name, _ =>
        {
            var fields = schema.Fields.Values.ToList();
            return new InsertPlan(
                [
                    .. fields
                        .Where(f => f.DefaultValue is not null || f.Type == FieldType.Boolean)
                        .Select(f => (f.Name, f.DefaultValue is null ? false : FieldValues.FromJsonText(f, f.DefaultValue))),
                ],
                [.. fields.Where(f => f.AutoNumber)],
                [.. fields.Where(f => f.IsRequiredOnCreate)]);
        });
    }

    private sealed record InsertPlan(
        IReadOnlyList<(string Field, object? Value)> Defaults, IReadOnlyList<FieldSchema> AutoNumbers, IReadOnlyList<FieldSchema> Required);
}
