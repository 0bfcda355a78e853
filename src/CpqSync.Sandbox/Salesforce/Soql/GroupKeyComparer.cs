using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Group keys compare as SOQL compares values: text case-insensitively, ids as 18-character ids.</summary>
internal sealed class GroupKeyComparer : IEqualityComparer<object?[]>
{
    private readonly ValueComparer[] _columns;

    public GroupKeyComparer(IReadOnlyList<BoundPath> groupBy) => _columns = groupBy.Select(g => new ValueComparer(g.Field.Type)).ToArray();

    public bool Equals(object?[]? x, object?[]? y) => x!.Length == y!.Length && _columns.Select((c, i) => c.Equals(x[i], y[i])).All(e => e);

    public int GetHashCode(object?[] obj)
    {
        var hash = new HashCode();
        for (var i = 0; i < obj.Length; i++)
        {
            hash.Add(_columns[i].GetHashCode(obj[i]!));
        }

        return hash.ToHashCode();
    }

    public sealed class ValueComparer(FieldType type) : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) =>
            x is null || y is null ? x is null && y is null : SoqlValues.Compare(x, y, type) == 0;

        public int GetHashCode(object obj) => obj switch
        {
            null => 0,
            string s when type is FieldType.Id or FieldType.Reference => StringComparer.Ordinal.GetHashCode(SoqlValues.NormalizeId(s)),
            string s => StringComparer.OrdinalIgnoreCase.GetHashCode(s),
            _ => obj.GetHashCode(),
        };
    }
}
