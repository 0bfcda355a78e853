using System.Collections.Immutable;
using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// One committed state of the org's records, never changed once built: a commit makes a new state from the previous
/// one (sharing everything it did not touch, so it costs O(records changed × log n)) and the org publishes it with one
/// reference write. A reader holding a state therefore sees every transaction whole or not at all, and never waits
/// for a writer. Records of one object are kept in id order, which is creation order (ids are sequential per key
/// prefix); child indexes (children of one parent through one reference field) exist once something asked for them.
/// </summary>
internal sealed class CommittedRecords
{
    public static readonly CommittedRecords Empty = new(
        ImmutableDictionary.Create<string, SObjectRecord>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableSortedDictionary<string, SObjectRecord>>(StringComparer.OrdinalIgnoreCase),
        ImmutableDictionary<(string Object, string Field), ImmutableDictionary<string, ImmutableSortedSet<string>>>.Empty,
        0);

    private static readonly ImmutableSortedDictionary<string, SObjectRecord> NoRecords =
        ImmutableSortedDictionary.Create<string, SObjectRecord>(StringComparer.Ordinal);

    private static readonly ImmutableSortedSet<string> NoIds = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<string, ImmutableSortedSet<string>> NoBuckets =
        ImmutableDictionary.Create<string, ImmutableSortedSet<string>>(StringComparer.Ordinal);

    private readonly ImmutableDictionary<string, SObjectRecord> _byId;
    private readonly ImmutableDictionary<string, ImmutableSortedDictionary<string, SObjectRecord>> _byObject;
    /// <summary>(object, field) → parent id → the ids of its children (ids only: an update that keeps the parent changes no index).</summary>
    private readonly ImmutableDictionary<(string Object, string Field), ImmutableDictionary<string, ImmutableSortedSet<string>>> _children;

    private CommittedRecords(
        ImmutableDictionary<string, SObjectRecord> byId,
        ImmutableDictionary<string, ImmutableSortedDictionary<string, SObjectRecord>> byObject,
        ImmutableDictionary<(string Object, string Field), ImmutableDictionary<string, ImmutableSortedSet<string>>> children,
        long version)
    {
        _byId = byId;
        _byObject = byObject;
        _children = children;
        Version = version;
    }

    /// <summary>How many commits made this state.</summary>
    public long Version { get; }

    public SObjectRecord? Find(string id18) => _byId.GetValueOrDefault(id18);

    /// <summary>Every record of one object (deleted ones too), in creation order.</summary>
    public IEnumerable<SObjectRecord> All(string objectName) =>
        _byObject.TryGetValue(objectName, out var records) ? records.Values : [];

    public IEnumerable<SObjectRecord> AllObjects() => _byObject.Values.SelectMany(records => records.Values);

    public bool HasIndex(string childObject, string field) => _children.ContainsKey((childObject, field));

    /// <summary>The children of a parent through an indexed field, in creation order (deleted ones too); null without an index.</summary>
    public IEnumerable<SObjectRecord>? IndexedChildren(string childObject, string field, string parentId18) =>
        !_children.TryGetValue((childObject, field), out var index) ? null
        : index.TryGetValue(parentId18, out var bucket) ? bucket.Select(id => _byId[id])
        : [];

    /// <summary>This state with an index of <paramref name="childObject"/> by <paramref name="field"/> (built by one scan).</summary>
    public CommittedRecords WithIndex(string childObject, string field)
    {
        if (HasIndex(childObject, field))
        {
            return this;
        }

        var buckets = new Dictionary<string, ImmutableSortedSet<string>.Builder>(StringComparer.Ordinal);
        foreach (var record in All(childObject))
        {
            if (record[field] is string parent)
            {
                if (!buckets.TryGetValue(parent, out var bucket))
                {
                    bucket = NoIds.ToBuilder();
                    buckets[parent] = bucket;
                }

                bucket.Add(record.Id);
            }
        }

        var index = NoBuckets.ToBuilder();
        foreach (var (parent, bucket) in buckets)
        {
            index[parent] = bucket.ToImmutable();
        }

        return new CommittedRecords(_byId, _byObject, _children.SetItem((childObject, field), index.ToImmutable()), Version);
    }

    /// <summary>The state after one transaction: each record as it was before (null: created) and as the transaction left it.</summary>
    public CommittedRecords Apply(IReadOnlyCollection<(SObjectRecord? Before, SObjectRecord After)> changes)
    {
        if (changes.Count == 0)
        {
            return this;
        }

        var byId = _byId.ToBuilder();
        var byObject = _byObject.ToBuilder();
        var tables = new Dictionary<string, ImmutableSortedDictionary<string, SObjectRecord>.Builder>(StringComparer.OrdinalIgnoreCase);
        var indexes = new Dictionary<(string Object, string Field), ImmutableDictionary<string, ImmutableSortedSet<string>>.Builder>();
        foreach (var (before, after) in changes)
        {
            byId[after.Id] = after;
            if (!tables.TryGetValue(after.ObjectName, out var table))
            {
                table = (byObject.GetValueOrDefault(after.ObjectName) ?? NoRecords).ToBuilder();
                tables[after.ObjectName] = table;
            }

            table[after.Id] = after;
            foreach (var ((childObject, field), index) in _children)
            {
                var oldParent = before?[field] as string;
                var newParent = after[field] as string;
                if (oldParent == newParent || !string.Equals(childObject, after.ObjectName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!indexes.TryGetValue((childObject, field), out var buckets))
                {
                    buckets = index.ToBuilder();
                    indexes[(childObject, field)] = buckets;
                }

                if (oldParent is not null && buckets.TryGetValue(oldParent, out var old))
                {
                    buckets[oldParent] = old.Remove(after.Id);
                }

                if (newParent is not null)
                {
                    buckets[newParent] = (buckets.GetValueOrDefault(newParent) ?? NoIds).Add(after.Id);
                }
            }
        }

        foreach (var (objectName, table) in tables)
        {
            byObject[objectName] = table.ToImmutable();
        }

        var children = _children;
        foreach (var (key, buckets) in indexes)
        {
            children = children.SetItem(key, buckets.ToImmutable());
        }

        return new CommittedRecords(byId.ToImmutable(), byObject.ToImmutable(), children, Version + 1);
    }
}
