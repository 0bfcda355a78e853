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
    private readonly Dictionary<(string Object, string Field), ILookup<string, SObjectRecord>> _childIndex = [];

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

    /// <summary>Children of a parent through one reference field, from an index rebuilt after the child object changes.</summary>
    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId18)
    {
        if (!_childIndex.TryGetValue((childObject, field), out var index))
        {
            index = All(childObject)
                .Where(r => r[field] is string)
                .ToLookup(r => (string)r[field]!, StringComparer.Ordinal);
            _childIndex[(childObject, field)] = index;
        }

        return index[parentId18];
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
        Apply(record, previous is null);
    }

    /// <summary>Adds a record without journaling (loading saved state, seeding).</summary>
    public void Load(SObjectRecord record) => Apply(record, !_byId.ContainsKey(record.Id));

    public void RollbackTo(int mark)
    {
        for (var i = _journal.Count - 1; i >= mark; i--)
        {
            var entry = _journal[i];
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

            InvalidateIndex(entry.ObjectName);
        }

        _journal.RemoveRange(mark, _journal.Count - mark);
        Version++;
    }

    public void ClearJournal() => _journal.Clear();

    private void Apply(SObjectRecord record, bool isNew)
    {
        _byId[record.Id] = record;
        if (isNew)
        {
            if (!_idsByObject.TryGetValue(record.ObjectName, out var ids))
            {
                ids = [];
                _idsByObject[record.ObjectName] = ids;
            }

            ids.Add(record.Id);
        }

        InvalidateIndex(record.ObjectName);
        Version++;
    }

    private void InvalidateIndex(string objectName)
    {
        if (_childIndex.Count == 0)
        {
            return;
        }

        foreach (var key in _childIndex.Keys.Where(k => string.Equals(k.Object, objectName, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _childIndex.Remove(key);
        }
    }

    private sealed record JournalEntry(string Id, string ObjectName, SObjectRecord? Previous);
}
