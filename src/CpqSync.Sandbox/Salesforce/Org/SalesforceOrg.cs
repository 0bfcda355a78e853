using System.Text.Json.Nodes;
using CpqSync.Sandbox.Locking;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Salesforce.Schema;
using CpqSync.Sandbox.Salesforce.Seed;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// The emulated Salesforce org: its schema, its records and Salesforce's DML rules. Every member is thread-safe and
/// no request waits for an unrelated one: reads (queries, retrieves, describes) see the latest committed state as one
/// immutable whole, never a transaction in progress, and never wait; each write runs as a transaction
/// (<see cref="Transaction{T}"/>, all-or-nothing) that locks the records it changes and the parents it depends on,
/// as Salesforce does, so writes to different records run side by side and writes to one record one after another.
/// A transaction that finds a record locked is undone, waits for it (Salesforce waits up to 10 seconds, then fails
/// with <c>UNABLE_TO_LOCK_ROW</c>) and runs again; a commit publishes its records and change events in one short step.
/// </summary>
public sealed class SalesforceOrg : IRecordSource, IAsyncDisposable
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a transaction waits for records other transactions hold before failing, as Salesforce's.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);

    /// <summary>Runs after which a transaction that keeps colliding runs alone (so two never keep undoing each other).</summary>
    private const int SharedAttempts = 16;

    /// <summary>Held shared by every running transaction, exclusively by one that runs alone; never by readers.</summary>
    private readonly ReaderWriterLockSlim _alone = new(LockRecursionPolicy.NoRecursion);
    private readonly object _saveGate = new();
    private readonly Lock _timer = new();
    private readonly RecordStore _store = new();
    private readonly DmlEngine _dml;
    private readonly TimeProvider _time;
    private readonly OrgStorage? _storage;
    private ITimer? _saveTimer;
    private long _savedVersion;
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

            // Two upserts of one external id run one after the other, so the second finds what the first created.
            _store.LockValue(schema.Name, field.Name, value);
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
        var schema = _dml.RequireObject(objectName);
        var requested = fields is { Count: > 0 }
            ? fields.Select(f => schema.FindField(f) ?? throw NoSuchColumn(f, schema.Name)).ToList()
            : schema.Fields.Values.ToList();
        var record = _dml.RequireRecord(schema, id);
        return RecordJson.Write(schema, record, requested, apiVersion);
    }

    public JsonObject DescribeGlobal(string apiVersion) => SourceFieldPicker.Global(Schema, apiVersion);

    public JsonObject Describe(string objectName, string apiVersion) => SourceFieldPicker.Object(Schema, _dml.RequireObject(objectName), apiVersion);

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction: its changes are seen by its own reads only until it returns,
    /// then committed at once. If it throws, or calls <see cref="OrgTransaction.MarkRollback"/>, none of its changes
    /// is kept. Nested calls undo only their own changes. <paramref name="work"/> may run more than once: when it
    /// finds a record another transaction holds it is undone, and runs again once that record is free (each run
    /// starts from nothing; ids and auto-numbers a run took are not reused, as Salesforce leaves gaps).
    /// </summary>
    public T Transaction<T>(Func<OrgTransaction, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_store.Pending is { } running)
        {
            return Nested(running, work);
        }

        DateTimeOffset? deadline = null;
        for (var attempt = 1; ; attempt++)
        {
            var alone = attempt > SharedAttempts;
            if (alone)
            {
                _alone.EnterWriteLock();
            }
            else
            {
                _alone.EnterReadLock();
            }

            LockConflictException conflict;
            try
            {
                var pending = _store.Begin();
                try
                {
                    var tx = new OrgTransaction();
                    var result = work(tx);
                    if (pending.WrittenIds.Count > 0)
                    {
                        CommitHook?.Invoke(pending.WrittenIds);
                    }

                    if (tx.RollbackRequested)
                    {
                        pending.RollbackTo(0);
                    }

                    _store.Commit(PublishChanges);
                    return result;
                }
                catch (LockConflictException e)
                {
                    conflict = e;
                }
                finally
                {
                    _store.End();
                    ScheduleSave();
                }
            }
            finally
            {
                if (alone)
                {
                    _alone.ExitWriteLock();
                }
                else
                {
                    _alone.ExitReadLock();
                }
            }

            deadline ??= _time.GetUtcNow() + LockWait;
            LockWaitHook?.Invoke(conflict.Key.Id);
            if (!_store.Locks.WaitFor(conflict, _time, deadline.Value))
            {
                throw OrgErrors.UnableToLockRow(conflict.Key.Id);
            }
        }
    }

    /// <summary>Runs <paramref name="read"/> on one consistent committed state of the org, side by side with everything else.</summary>
    public T Snapshot<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using (_store.Pin())
        {
            return read();
        }
    }

    /// <summary>
    /// Called with the ids a transaction wrote when its work is done, before it commits (or is rolled back), on the
    /// transaction's thread: lets tests hold a transaction in progress without timing anything.
    /// </summary>
    internal Action<IReadOnlyCollection<string>>? CommitHook { get; set; }

    /// <summary>Called with the id of the record (or unique value) a transaction is about to wait for, holding nothing.</summary>
    internal Action<string>? LockWaitHook { get; set; }

    /// <summary>Change Data Capture: turns each committed transaction into change events (null: the org publishes none).</summary>
    internal ChangeCapture? ChangeCapture { get; set; }

    /// <summary>Hands a committed transaction's changes to Change Data Capture, within the commit, so events follow commit order.</summary>
    private void PublishChanges(IReadOnlyList<(SObjectRecord? Before, SObjectRecord After)> changes) =>
        ChangeCapture?.Commit([.. changes.Select(c => new RecordChange(c.Before, c.After))]);

    private static T Nested<T>(PendingWrites pending, Func<OrgTransaction, T> work)
    {
        var mark = pending.JournalMark;
        var tx = new OrgTransaction();
        try
        {
            var result = work(tx);
            if (tx.RollbackRequested)
            {
                pending.RollbackTo(mark);
            }

            return result;
        }
        catch
        {
            pending.RollbackTo(mark);
            throw;
        }
    }

    /// <summary>The org's clock, in whole seconds.</summary>
    public DateTimeOffset Now => _dml.Now;

    public IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted)
    {
        var name = Schema.FindObject(objectName)?.Name ?? objectName;
        var all = _store.All(name);
        return includeDeleted ? all.ToList() : all.Where(r => !r.IsDeleted).ToList();
    }

    public SObjectRecord? Find(string id)
    {
        var id18 = SalesforceId.Normalize(id);
        return id18 is null ? null : _store.Find(id18);
    }

    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted)
    {
        var id18 = SalesforceId.Normalize(parentId);
        if (id18 is null)
        {
            return [];
        }

        var childName = Schema.FindObject(childObject)?.Name ?? childObject;
        var fieldName = Schema.FindObject(childName)?.FindField(field)?.Name ?? field;
        return _store.Children(childName, fieldName, id18).Where(r => includeDeleted || !r.IsDeleted).ToList();
    }

    public ValueTask DisposeAsync()
    {
        lock (_timer)
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

    /// <summary>Saves a little after the last change, so a burst of writes costs one file write.</summary>
    private void ScheduleSave()
    {
        lock (_timer)
        {
            if (_storage is null || _disposed || _saveTimer is not null || _store.Version == _savedVersion)
            {
                return;
            }

            _saveTimer = _time.CreateTimer(_ => Save(), null, SaveDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Save()
    {
        if (_storage is null)
        {
            return;
        }

        lock (_saveGate)
        {
            long version;
            lock (_timer)
            {
                _saveTimer?.Dispose();
                _saveTimer = null;
                version = _store.Version;
                if (version == _savedVersion)
                {
                    return;
                }
            }

            // The committed state is immutable: it is written while transactions go on (a later change saves again).
            _storage.Write(OrgStorage.Snapshot(Schema, _store));
            lock (_timer)
            {
                _savedVersion = version;
            }

            ScheduleSave();
        }
    }
}
