namespace CpqSync.Core.Records;

/// <summary>
/// The Salesforce records a plan is computed from, indexed by id and by type. Relationships are followed by
/// id (<c>AccountId</c> → the Account record), so a snapshot is just a flat list of records.
/// </summary>
public sealed class RecordSet
{
    private readonly Dictionary<string, SfRecord> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SfRecord>> _byType = new(StringComparer.OrdinalIgnoreCase);

    public RecordSet(IEnumerable<SfRecord> records)
    {
        foreach (var record in records)
        {
            if (!_byId.TryAdd(record.Id, record))
            {
                throw new ArgumentException($"Record {record.Id} appears twice.", nameof(records));
            }

            if (!_byType.TryGetValue(record.Type, out var list))
            {
                _byType[record.Type] = list = [];
            }

            list.Add(record);
        }

        // Deterministic order regardless of how the caller assembled the list.
        foreach (var list in _byType.Values)
        {
            list.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        }
    }

    public IEnumerable<SfRecord> All => _byType.Values.SelectMany(static list => list);

    public SfRecord? Find(string? id) => id is not null && _byId.TryGetValue(id, out var record) ? record : null;

    public IReadOnlyList<SfRecord> OfType(string type) =>
        _byType.TryGetValue(type, out var list) ? list : [];

    /// <summary>Records of <paramref name="type"/> whose lookup <paramref name="field"/> points at <paramref name="parentId"/>.</summary>
    public IEnumerable<SfRecord> Children(string type, string field, string parentId)
    {
        // An iterator rather than Where(closure): one allocation per call on the planner's hottest lookup.
        foreach (var record in OfType(type))
        {
            if (string.Equals(record.GetString(field), parentId, StringComparison.Ordinal))
            {
                yield return record;
            }
        }
    }

    /// <summary>
    /// Follows a lookup: <c>Account</c> reads <c>AccountId</c>, a custom <c>X__c</c> or <c>X__r</c> reads <c>X__c</c>.
    /// </summary>
    public SfRecord? Follow(SfRecord from, string relationship)
    {
        var field = LookupField(relationship);
        return Find(from.GetString(field));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> LookupFields = new(StringComparer.Ordinal);

    public static string LookupField(string relationship) => LookupFields.GetOrAdd(relationship, LookupFieldOf);

    private static string LookupFieldOf(string relationship)
    {
        if (relationship.EndsWith("__c", StringComparison.OrdinalIgnoreCase))
        {
            return relationship;
        }

        if (relationship.EndsWith("__r", StringComparison.OrdinalIgnoreCase))
        {
            return string.Concat(relationship.AsSpan(0, relationship.Length - 3), "__c");
        }

        return relationship.EndsWith("Id", StringComparison.Ordinal) ? relationship : relationship + "Id";
    }

    /// <summary>Reads a dot path (<c>Account.Owner.Name</c>) through to-one lookups; null when any hop is empty.</summary>
    public object? ReadPath(SfRecord from, string path)
    {
        var current = from;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = Follow(current, segments[i]);
            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current.Get(segments[^1]);
    }
}
