using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Salesforce.Schema;
using CpqSync.Sandbox.Salesforce.Seed;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// The emulated Salesforce org: its schema, its records and Salesforce's DML rules. Every member is thread-safe:
/// all work runs under one lock, and <see cref="Transaction{T}"/> makes a group of changes all-or-nothing.
/// </summary>
public sealed class SalesforceOrg : IRecordSource, IAsyncDisposable
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(250);

    private readonly object _gate = new();
    private readonly object _saveGate = new();
    private readonly RecordStore _store = new();
    private readonly DmlEngine _dml;
    private readonly TimeProvider _time;
    private readonly OrgStorage? _storage;
    private ITimer? _saveTimer;
    private long _savedVersion;
    private int _depth;
    private bool _disposed;

    private SalesforceOrg(OrgSchema schema, OrgInfo info, TimeProvider time, OrgStorage? storage)
    {
        Schema = schema;
        Info = info;
        _time = time;
        _storage = storage;
        _dml = new DmlEngine(schema, _store, time, () => Info);
    }

    public OrgSchema Schema { get; }

    public OrgInfo Info { get; }

    public static SalesforceOrg Create(SalesforceOrgOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var userSchema = options.SchemaDirectory is null ? [] : SchemaMerge.ReadDirectory(options.SchemaDirectory);
        var seed = SeedSpec.Parse(options.Seed);
        var schema = SchemaMerge.Build(BuiltInSchema.Objects, options.ExtraSchema, userSchema);
        if (!seed.MultiCurrency)
        {
            schema = OrgCurrencies.WithoutMultiCurrency(schema);
        }

        var storage = options.DataDirectory is null ? null : new OrgStorage(options.DataDirectory);
        var org = new SalesforceOrg(schema, OrgBootstrap.Info(seed.MultiCurrency), time, storage);
        if (storage is { Exists: true })
        {
            storage.Load(schema, org._store);
        }
        else
        {
            org.Transaction(_ =>
            {
                OrgBootstrap.Run(org._dml);
                seed.Run(org._dml);
                return 0;
            });
        }

        org._savedVersion = storage is { Exists: true } ? org._store.Version : -1;
        org.ScheduleSave();
        return org;
    }

    public string Create(string objectName, JsonObject fields) => Transaction(_ => _dml.Insert(objectName, fields));

    public void Update(string objectName, string id, JsonObject fields) =>
        Transaction(_ =>
        {
            _dml.Update(objectName, id, fields);
            return 0;
        });

    public void Delete(string objectName, string id) =>
        Transaction(_ =>
        {
            _dml.Delete(objectName, id);
            return 0;
        });

    /// <summary>Updates the one record whose external id field holds <paramref name="value"/>, or creates it.</summary>
    public (string Id, bool Created) Upsert(string objectName, string externalIdField, string value, JsonObject fields) =>
        Transaction(_ =>
        {
            var schema = _dml.RequireObject(objectName);
            var field = schema.FindField(externalIdField);
            if (field is null || !(field.ExternalId || field.Type == FieldType.Id))
            {
                throw OrgErrors.NoSuchRecord(externalIdField);
            }

            if (field.Type == FieldType.Id)
            {
                var record = _dml.RequireRecord(schema, value);
                _dml.Update(schema.Name, record.Id, fields);
                return (record.Id, false);
            }

            var matches = _store.All(schema.Name)
                .Where(r => !r.IsDeleted && ValueChecks.SameValue(r[field.Name], value))
                .Select(r => r.Id)
                .ToList();
            switch (matches.Count)
            {
                case 0:
                    var body = (JsonObject)fields.DeepClone();
                    body.Remove(field.Name);
                    body[field.Name] = value;
                    return (_dml.Insert(schema.Name, body), true);
                case 1:
                    _dml.Update(schema.Name, matches[0], fields);
                    return (matches[0], false);
                default:
                    throw new SalesforceErrorException(
                        300, "MULTIPLE_CHOICES", $"More than one record found for {field.Name} with value {value}: {string.Join(", ", matches)}");
            }
        });

    /// <summary>The record as <c>GET /sobjects/Type/Id</c> returns it: every field (or the ones asked for), nulls included.</summary>
    public JsonObject Retrieve(string objectName, string id, IReadOnlyCollection<string>? fields, string apiVersion)
    {
        lock (_gate)
        {
            var schema = _dml.RequireObject(objectName);
            var requested = fields is { Count: > 0 }
                ? fields.Select(f => schema.FindField(f) ?? throw NoSuchColumn(f, schema.Name)).ToList()
                : schema.Fields.Values.ToList();
            var record = _dml.RequireRecord(schema, id);
            return RecordJson.Write(schema, record, requested, apiVersion);
        }
    }

    public JsonObject DescribeGlobal(string apiVersion)
    {
        lock (_gate)
        {
            return SourceFieldPicker.Global(Schema, apiVersion);
        }
    }

    public JsonObject Describe(string objectName, string apiVersion)
    {
        lock (_gate)
        {
            return SourceFieldPicker.Object(Schema, _dml.RequireObject(objectName), apiVersion);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the org's lock. If it throws, or calls <see cref="OrgTransaction.MarkRollback"/>,
    /// every change it made is undone. Nested calls undo only their own changes.
    /// </summary>
    public T Transaction<T>(Func<OrgTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            var mark = _store.JournalMark;
            var tx = new OrgTransaction();
            _depth++;
            try
            {
                var result = work(tx);
                if (tx.RollbackRequested)
                {
                    _store.RollbackTo(mark);
                }

                return result;
            }
            catch
            {
                _store.RollbackTo(mark);
                throw;
            }
            finally
            {
                _depth--;
                if (_depth == 0)
                {
                    PublishChanges();
                    _store.ClearJournal();
                    ScheduleSave();
                }
            }
        }
    }

    /// <summary>Change Data Capture: turns each committed transaction into change events (null: the org publishes none).</summary>
    internal ChangeCapture? ChangeCapture { get; set; }

    /// <summary>Hands the committed transaction's changes to Change Data Capture; a rolled-back transaction left none.</summary>
    private void PublishChanges()
    {
        if (ChangeCapture is { } capture && _store.JournalMark > 0)
        {
            capture.Commit([.. _store.JournalChanges().Select(c => new RecordChange(c.Before, c.After))]);
        }
    }

    /// <summary>The org's clock, in whole seconds.</summary>
    public DateTimeOffset Now => _dml.Now;

    public IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted)
    {
        lock (_gate)
        {
            var name = Schema.FindObject(objectName)?.Name ?? objectName;
            var all = _store.All(name);
            return includeDeleted ? all : all.Where(r => !r.IsDeleted).ToList();
        }
    }

    public SObjectRecord? Find(string id)
    {
        var id18 = SalesforceId.Normalize(id);
        if (id18 is null)
        {
            return null;
        }

        lock (_gate)
        {
            return _store.Find(id18);
        }
    }

    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted)
    {
        var id18 = SalesforceId.Normalize(parentId);
        if (id18 is null)
        {
            return [];
        }

        lock (_gate)
        {
            var childName = Schema.FindObject(childObject)?.Name ?? childObject;
            var fieldName = Schema.FindObject(childName)?.FindField(field)?.Name ?? field;
            return _store.Children(childName, fieldName, id18).Where(r => includeDeleted || !r.IsDeleted).ToList();
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }

            _disposed = true;
            _saveTimer?.Dispose();
            _saveTimer = null;
        }

        Save();
        return ValueTask.CompletedTask;
    }

    private static SalesforceErrorException NoSuchColumn(string field, string objectName) =>
        new(400, "INVALID_FIELD",
            $"No such column '{field}' on entity '{objectName}'. If you are attempting to use a custom field, be sure to append the '__c' "
            + "after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");

    /// <summary>Saves a little after the last change, so a burst of writes costs one file write. Call under the lock.</summary>
    private void ScheduleSave()
    {
        if (_storage is null || _disposed || _saveTimer is not null || _store.Version == _savedVersion)
        {
            return;
        }

        _saveTimer = _time.CreateTimer(_ => Save(), null, SaveDelay, Timeout.InfiniteTimeSpan);
    }

    private void Save()
    {
        if (_storage is null)
        {
            return;
        }

        lock (_saveGate)
        {
            byte[] snapshot;
            long version;
            lock (_gate)
            {
                _saveTimer?.Dispose();
                _saveTimer = null;
                version = _store.Version;
                if (version == _savedVersion)
                {
                    return;
                }

                snapshot = OrgStorage.Snapshot(Schema, _store);
            }

            _storage.Write(snapshot);
            lock (_gate)
            {
                _savedVersion = version;
                ScheduleSave();
            }
        }
    }
}
