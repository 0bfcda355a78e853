using CpqSync.Sandbox.Locking;
using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// What one transaction wrote and has not committed: seen by that transaction's own reads only, over the committed
/// records. A journal of each write lets a nested call undo its own changes; the locks the transaction holds (every
/// record it wrote, the parents it depends on) keep the committed versions under its writes from changing.
/// </summary>
internal sealed class PendingWrites(RecordStore store)
{
    private readonly Dictionary<string, SObjectRecord> _written = new(StringComparer.Ordinal);

    /// <summary>Each written record's committed version when the transaction first wrote it (null: created here).</summary>
    private readonly Dictionary<string, SObjectRecord?> _before = new(StringComparer.Ordinal);

    /// <summary>Written ids per object in the order of their first write (created ones therefore in creation order).</summary>
    private readonly Dictionary<string, List<string>> _byObject = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>Every write: the record's id and the version this transaction had before it (null: its first write here).</summary>
    private readonly List<(string Id, SObjectRecord? Previous)> _journal = [];

    /// <summary>Written records by parent, for the child indexes asked for so far: (object, field) → parent → ids.</summary>
    private readonly Dictionary<(string Object, string Field), Dictionary<string, List<string>>> _children = [];

    public RecordStore Store { get; } = store;

    public LockOwner Owner { get; } = new();

    public int JournalMark => _journal.Count;

    public IReadOnlyCollection<string> WrittenIds => _order;

    public SObjectRecord? Find(string id18) => _written.GetValueOrDefault(id18);

    public bool HasWritten(string objectName) => _byObject.ContainsKey(objectName);

    /// <summary>Whether this transaction created the record (nobody else can see it yet).</summary>
    public bool Created(string id18) => _before.TryGetValue(id18, out var before) && before is null;

    public void Put(SObjectRecord record, SObjectRecord? committed)
    {
        var previous = _written.GetValueOrDefault(record.Id);
        _journal.Add((record.Id, previous));
        if (previous is null)
        {
            _before[record.Id] = committed;
            _order.Add(record.Id);
            Ids(record.ObjectName).Add(record.Id);
        }

        _written[record.Id] = record;
        Reindex(previous, record);
    }

    /// <summary>Undoes every write made after <paramref name="mark"/>, newest first.</summary>
    public void RollbackTo(int mark)
    {
        for (var i = _journal.Count - 1; i >= mark; i--)
        {
            var (id, previous) = _journal[i];
            var current = _written[id];
            if (previous is null)
            {
                // Its first write here: every later first write was undone already, so it is last in both lists.
                _written.Remove(id);
                _before.Remove(id);
                _order.RemoveAt(_order.Count - 1);
                var ids = _byObject[current.ObjectName];
                ids.RemoveAt(ids.Count - 1);
                if (ids.Count == 0)
                {
                    _byObject.Remove(current.ObjectName);
                }
            }
            else
            {
                _written[id] = previous;
            }

            Reindex(current, previous);
        }

        _journal.RemoveRange(mark, _journal.Count - mark);
    }

    /// <summary>Each written record once, in the order of its first write: as committed before (null: created) and as written now.</summary>
    public List<(SObjectRecord? Before, SObjectRecord After)> Changes() =>
        [.. _order.Select(id => (_before[id], _written[id]))];

    /// <summary>
    /// Every record of one object as this transaction sees it, in creation order: <paramref name="committed"/> (in id
    /// order) with this transaction's versions in place, merged with the records it created.
    /// </summary>
    public IEnumerable<SObjectRecord> All(string objectName, IEnumerable<SObjectRecord> committed)
    {
        if (!_byObject.TryGetValue(objectName, out var ids))
        {
            foreach (var record in committed)
            {
                yield return record;
            }

            yield break;
        }

        var created = ids.Where(id => _before[id] is null).Select(id => _written[id]).ToList();
        var next = 0;
        foreach (var record in committed)
        {
            while (next < created.Count && string.CompareOrdinal(created[next].Id, record.Id) < 0)
            {
                yield return created[next++];
            }

            yield return _written.GetValueOrDefault(record.Id) ?? record;
        }

        while (next < created.Count)
        {
            yield return created[next++];
        }
    }

    /// <summary>
    /// The children of a parent as this transaction sees them, in creation order: the committed children (in id order)
    /// it did not move away, with its versions in place, and the records it created or moved under the parent.
    /// </summary>
    public IReadOnlyList<SObjectRecord> Children(string childObject, string field, string parentId18, IEnumerable<SObjectRecord> committed)
    {
        var result = new List<SObjectRecord>();
        foreach (var record in committed)
        {
            var current = _written.GetValueOrDefault(record.Id) ?? record;
            if (current[field] as string == parentId18)
            {
                result.Add(current);
            }
        }

        if (!HasWritten(childObject))
        {
            return result;
        }

        var added = false;
        foreach (var id in Index(childObject, field).GetValueOrDefault(parentId18) ?? [])
        {
            // Committed under this parent before: already listed above.
            if (_before[id] is not { } before || before[field] as string != parentId18)
            {
                result.Add(_written[id]);
                added = true;
            }
        }

        if (added)
        {
            result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        }

        return result;
    }

    private List<string> Ids(string objectName)
    {
        if (!_byObject.TryGetValue(objectName, out var ids))
        {
            ids = [];
            _byObject[objectName] = ids;
        }

        return ids;
    }

    /// <summary>The index of written records by one field, built on first use and then kept write by write.</summary>
    private Dictionary<string, List<string>> Index(string childObject, string field)
    {
        if (!_children.TryGetValue((childObject, field), out var index))
        {
            index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var id in _byObject.GetValueOrDefault(childObject) ?? [])
            {
                if (_written[id][field] is string parent)
                {
                    Bucket(index, parent).Add(id);
                }
            }

            _children[(childObject, field)] = index;
        }

        return index;
    }

    /// <summary>Moves a record in the built indexes from one of its versions to another (either may be null).</summary>
    private void Reindex(SObjectRecord? before, SObjectRecord? after)
    {
        var record = (after ?? before)!;
        foreach (var ((childObject, field), index) in _children)
        {
            if (!string.Equals(childObject, record.ObjectName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var oldParent = before?[field] as string;
            var newParent = after?[field] as string;
            if (oldParent == newParent && before is not null && after is not null)
            {
                continue;
            }

            if (oldParent is not null && index.TryGetValue(oldParent, out var old))
            {
                old.Remove(record.Id);
            }

            if (newParent is not null)
            {
                Bucket(index, newParent).Add(record.Id);
            }
        }
    }

    private static List<string> Bucket(Dictionary<string, List<string>> index, string parent)
    {
        if (!index.TryGetValue(parent, out var bucket))
        {
            bucket = [];
            index[parent] = bucket;
        }

        return bucket;
    }
}
