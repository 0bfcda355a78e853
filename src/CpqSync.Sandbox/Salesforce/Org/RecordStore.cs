using CpqSync.Sandbox.Locking;
using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// The org's records. The committed records are an immutable state (<see cref="CommittedRecords"/>) replaced whole by
/// each commit, so readers never lock and never see part of a transaction. A transaction runs on one thread
/// (<see cref="Begin"/>): its writes stay in its <see cref="PendingWrites"/>, seen only by its own reads, until
/// <see cref="Commit"/> publishes them in one step. Before a transaction reads a record to change it, it locks it in
/// <see cref="Locks"/> (per record: writes to different records run side by side, writes to one record one after
/// another), and records are never changed in place: a write stores a new instance.
/// </summary>
internal sealed class RecordStore
{
    /// <summary>The transaction running on this thread (the org's DML is synchronous, so one transaction stays on one thread).</summary>
    [ThreadStatic]
    private static PendingWrites? _pending;

    /// <summary>The committed state a read on this thread keeps to (<see cref="Pin"/>), so several reads agree.</summary>
    [ThreadStatic]
    private static (RecordStore Store, CommittedRecords Records)? _pinned;

    /// <summary>Held only to publish a commit or add an index: never while a transaction runs, never by readers.</summary>
    private readonly Lock _commit = new();
    private readonly Lock _counters = new();
    private volatile CommittedRecords _committed = CommittedRecords.Empty;
    private long _counterChanges;

    /// <summary>Last id sequence used per key prefix; ids are never reused, even after a rollback.</summary>
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);

    /// <summary>Last auto-number used per <c>Object.Field</c>; like Salesforce, rolled-back numbers leave gaps.</summary>
    private readonly Dictionary<string, long> _autoNumbers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The record locks transactions hold until they end.</summary>
    public ObjectLocks Locks { get; } = new();

    /// <summary>Changes with every commit and every id or auto-number taken, so the org knows when to save.</summary>
    public long Version => _committed.Version + Interlocked.Read(ref _counterChanges);

    /// <summary>The transaction running on this thread, if any.</summary>
    public PendingWrites? Pending => _pending is { } pending && pending.Store == this ? pending : null;

    /// <summary>What reads outside a transaction see: the pinned state, else the latest commit.</summary>
    private CommittedRecords Visible => _pinned is { } pinned && pinned.Store == this ? pinned.Records : _committed;

    public SObjectRecord? Find(string id18)
    {
        if (Pending is { } pending)
        {
            return pending.Find(id18) ?? _committed.Find(id18);
        }

        return Visible.Find(id18);
    }

    /// <summary>Every record of one object (deleted ones too), in creation order.</summary>
    public IEnumerable<SObjectRecord> All(string objectName) =>
        Pending is { } pending ? pending.All(objectName, _committed.All(objectName)) : Visible.All(objectName);

    /// <summary>Every committed record (what the org saves).</summary>
    public IEnumerable<SObjectRecord> AllObjects() => _committed.AllObjects();

    /// <summary>Children of a parent through one reference field (deleted ones too), in creation order.</summary>
    public IReadOnlyList<SObjectRecord> Children(string childObject, string field, string parentId18)
    {
        if (Pending is { } pending)
        {
            return pending.Children(childObject, field, parentId18, Indexed(childObject, field).IndexedChildren(childObject, field, parentId18)!);
        }

        if (_pinned is { } pinned && pinned.Store == this)
        {
            // A pinned state older than the index scans once; later reads find the index.
            var state = pinned.Records;
            Indexed(childObject, field);
            return [.. state.IndexedChildren(childObject, field, parentId18) ?? state.All(childObject).Where(r => r[field] as string == parentId18)];
        }

        return [.. Indexed(childObject, field).IndexedChildren(childObject, field, parentId18)!];
    }

    /// <summary>Runs reads outside a transaction on one committed state until disposed (nested pins keep the outer one).</summary>
    public IDisposable Pin()
    {
        if (Pending is not null || (_pinned is { } pinned && pinned.Store == this))
        {
            return NoPin.Instance;
        }

        var previous = _pinned;
        _pinned = (this, _committed);
        return new Unpin(previous);
    }

    /// <summary>Starts a transaction on this thread.</summary>
    public PendingWrites Begin()
    {
        if (Pending is not null)
        {
            throw new InvalidOperationException("A transaction is already running on this thread.");
        }

        var pending = new PendingWrites(this);
        _pending = pending;
        return pending;
    }

    /// <summary>
    /// Locks a record for the running transaction before it is read to be changed: exclusively to write it, shared
    /// to depend on it (a lookup's target). Throws <see cref="LockConflictException"/> when another transaction holds it.
    /// </summary>
    public void Lock(string id18, bool exclusive = true)
    {
        var pending = RequirePending();
        if (!pending.Created(id18))
        {
            // A record the transaction created is seen by nobody else until it commits: it needs no lock.
            Locks.Acquire(pending.Owner, "record", id18, exclusive);
        }
    }

    /// <summary>Locks a value that must stay unique (an external id, a unique field) while the transaction checks and writes it.</summary>
    public void LockValue(string objectName, string field, string value) =>
        Locks.Acquire(RequirePending().Owner, "value", $"{objectName}.{field}={value.ToUpperInvariant()}", exclusive: true);

    /// <summary>Stores a new record or a new version of one, in the running transaction.</summary>
    public void Put(SObjectRecord record)
    {
        var pending = RequirePending();
        SObjectRecord? committed = null;
        if (pending.Find(record.Id) is null && _committed.Find(record.Id) is not null)
        {
            // Its first write here (callers lock before they read; this keeps the version it replaces the latest).
            Lock(record.Id);
            committed = _committed.Find(record.Id);
        }

        pending.Put(record, committed);
    }

    /// <summary>
    /// Publishes the running transaction's writes as the new committed state and hands them to
    /// <paramref name="published"/> in the same step, so commits (and their change events) are seen in one order.
    /// Costs O(records written); the locks stay held until <see cref="End"/>.
    /// </summary>
    public void Commit(Action<IReadOnlyList<(SObjectRecord? Before, SObjectRecord After)>> published)
    {
        var changes = RequirePending().Changes();
        if (changes.Count == 0)
        {
            return;
        }

        lock (_commit)
        {
            _committed = _committed.Apply(changes);
            published(changes);
        }
    }

    /// <summary>Ends the transaction on this thread: drops what it did not commit and releases its locks.</summary>
    public void End()
    {
        if (Pending is { } pending)
        {
            _pending = null;
            Locks.ReleaseAll(pending.Owner);
        }
    }

    /// <summary>Loads saved records before the org serves anyone.</summary>
    public void Load(IReadOnlyCollection<SObjectRecord> records) =>
        _committed = _committed.Apply([.. records.Select(r => ((SObjectRecord?)null, r))]);

    public long NextSequence(string keyPrefix)
    {
        lock (_counters)
        {
            var next = _sequences.GetValueOrDefault(keyPrefix) + 1;
            _sequences[keyPrefix] = next;
            _counterChanges++;
            return next;
        }
    }

    public long NextAutoNumber(string objectName, string field, long startingNumber)
    {
        var key = objectName + "." + field;
        lock (_counters)
        {
            var next = _autoNumbers.TryGetValue(key, out var last) ? last + 1 : startingNumber;
            _autoNumbers[key] = next;
            _counterChanges++;
            return next;
        }
    }

    /// <summary>Copies of the id sequences and auto-numbers taken so far (what the org saves).</summary>
    public (Dictionary<string, long> Sequences, Dictionary<string, long> AutoNumbers) Counters()
    {
        lock (_counters)
        {
            return (new Dictionary<string, long>(_sequences, _sequences.Comparer), new Dictionary<string, long>(_autoNumbers, _autoNumbers.Comparer));
        }
    }

    /// <summary>Sets saved counters before the org serves anyone.</summary>
    public void LoadCounters(IEnumerable<KeyValuePair<string, long>> sequences, IEnumerable<KeyValuePair<string, long>> autoNumbers)
    {
        lock (_counters)
        {
            foreach (var (key, value) in sequences)
            {
                _sequences[key] = value;
            }

            foreach (var (key, value) in autoNumbers)
            {
                _autoNumbers[key] = value;
            }
        }
    }

    /// <summary>The latest committed state, with an index of <paramref name="childObject"/> by <paramref name="field"/>.</summary>
    private CommittedRecords Indexed(string childObject, string field)
    {
        var committed = _committed;
        if (committed.HasIndex(childObject, field))
        {
            return committed;
        }

        lock (_commit)
        {
            _committed = _committed.WithIndex(childObject, field);
            return _committed;
        }
    }

    private PendingWrites RequirePending() => Pending ?? throw new InvalidOperationException("Records are written inside a transaction only.");

    private sealed class NoPin : IDisposable
    {
        public static readonly NoPin Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Unpin((RecordStore Store, CommittedRecords Records)? previous) : IDisposable
    {
        public void Dispose() => _pinned = previous;
    }
}
