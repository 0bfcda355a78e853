using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// The org's records. Records are never changed in place: a write stores a new instance, so a reader holding an
/// older one keeps a consistent view, and a journal of replaced instances lets a transaction be undone.
/// Not thread-safe on its own: <see cref="SalesforceOrg"/> guards it with its lock.
/// </summary>
internal sealed class RecordStore
{
    private readonly Dictionary<string, SObjectRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _idsByObject = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<JournalEntry> _journal = [];
    private readonly Dictionary<(string Object, string Field), Dictionary<string, List<SObjectRecord>>> _childIndex = [];

    /// <summary>Last id sequence used per key prefix; ids are never reused, even after a rollback.</summary>
    public Dictionary<string, long> Sequences { get; } = new(StringComparer.Ordinal);

    /// <summary>Last auto-number used per <c>Object.Field</c>; like Salesforce, rolled-back numbers leave gaps.</summary>
    public Dictionary<string, long> AutoNumbers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts every committed or attempted write, so the org knows when to save.</summary>
    public long Version { get; private set; }

    public int JournalMark => _journal.Count;

    public int Count => _byId.Count;

    public SObjectRecord? Find(string id18) => _byId.GetValueOrDefault(id18);

    public IReadOnlyList<SObjectRecord> All(string objectName) =>
        _idsByObject.TryGetValue(objectName, out var ids) ? ids.Select(id => _byId[id]).ToList() : [];

    public IEnumerable<SObjectRecord> AllObjects() => _idsByObject.Values.SelectMany(ids => ids).Select(id => _byId[id]);

    /// <summary>
    /// Children of a parent through one reference field. The index is built on first use and then kept up to date
    /// write by write, so seeding and roll-ups stay linear.
    /// </summary>
    public IReadOnlyList<SObjectRecord> Children(string childObject, string field, string parentId18)
    {
        if (!_childIndex.TryGetValue((childObject, field), out var index))
        {
            index = new Dictionary<string, List<SObjectRecord>>(StringComparer.Ordinal);
            foreach (var record in All(childObject))
            {
                if (record[field] is string parent)
                {
                    Bucket(index, parent).Add(record);
                }
            }

            _childIndex[(childObject, field)] = index;
        }

        return index.TryGetValue(parentId18, out var children) ? children.ToList() : [];
    }

    public long NextSequence(string keyPrefix)
    {
        var next = Sequences.GetValueOrDefault(keyPrefix) + 1;
        Sequences[keyPrefix] = next;
        return next;
    }

    public long NextAutoNumber(string objectName, string field, long startingNumber)
    {
        var key = objectName + "." + field;
        var next = AutoNumbers.TryGetValue(key, out var last) ? last + 1 : startingNumber;
        AutoNumbers[key] = next;
        return next;
    }

    /// <summary>Stores a new record or a new version of an existing one.</summary>
    public void Put(SObjectRecord record)
    {
        var previous = _byId.GetValueOrDefault(record.Id);
        _journal.Add(new JournalEntry(record.Id, record.ObjectName, previous));
        Apply(record, previous);
    }

    /// <summary>Adds a record without journaling (loading saved state).</summary>
    public void Load(SObjectRecord record) => Apply(record, _byId.GetValueOrDefault(record.Id));

    public void RollbackTo(int mark)
    {
        for (var i = _journal.Count - 1; i >= mark; i--)
        {
            var entry = _journal[i];
            var current = _byId[entry.Id];
            if (entry.Previous is null)
            {
                _byId.Remove(entry.Id);
                var ids = _idsByObject[entry.ObjectName];
                ids.RemoveAt(ids.LastIndexOf(entry.Id));
            }
            else
            {
                _byId[entry.Id] = entry.Previous;
            }

            Reindex(current, entry.Previous);
        }

        _journal.RemoveRange(mark, _journal.Count - mark);
        Version++;
    }

    public void ClearJournal() => _journal.Clear();

    /// <summary>
    /// The records written since the journal was cleared, each once, in the order of their first write: how each was
    /// before (null: created) and how it is now. At the end of a transaction these are its committed changes.
    /// </summary>
    public IReadOnlyList<(SObjectRecord? Before, SObjectRecord After)> JournalChanges()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<(SObjectRecord?, SObjectRecord)>();
        foreach (var entry in _journal)
        {
            if (seen.Add(entry.Id))
            {
                changes.Add((entry.Previous, _byId[entry.Id]));
            }
        }

        return changes;
    }

    private void Apply(SObjectRecord record, SObjectRecord? previous)
    {
        _byId[record.Id] = record;
        if (previous is null)
        {
            if (!_idsByObject.TryGetValue(record.ObjectName, out var ids))
            {
                ids = [];
                _idsByObject[record.ObjectName] = ids;
            }

            ids.Add(record.Id);
        }

        Reindex(previous, record);
        Version++;
    }

    /// <summary>Moves a record's entries in the child indexes from its old version to its new one (either may be null).</summary>
    private void Reindex(SObjectRecord? before, SObjectRecord? after)
    {
        var objectName = (after ?? before)!.ObjectName;
        foreach (var ((obj, field), index) in _childIndex)
        {
            if (obj != objectName)
            {
                continue;
            }

            var oldParent = before?[field] as string;
            var newParent = after?[field] as string;
            if (oldParent is not null && oldParent == newParent)
            {
                var bucket = index[oldParent];
                bucket[bucket.FindIndex(r => r.Id == before!.Id)] = after!;
                continue;
            }

            if (oldParent is not null && index.TryGetValue(oldParent, out var old))
            {
                old.RemoveAt(old.FindIndex(r => r.Id == before!.Id));
            }

            if (newParent is not null)
            {
                Bucket(index, newParent).Add(after!);
            }
        }
    }

    private static List<SObjectRecord> Bucket(Dictionary<string, List<SObjectRecord>> index, string parent)
    {
        if (!index.TryGetValue(parent, out var bucket))
        {
            bucket = [];
            index[parent] = bucket;
        }

        return bucket;
    }

    private sealed record JournalEntry(string Id, string ObjectName, SObjectRecord? Previous);
}
