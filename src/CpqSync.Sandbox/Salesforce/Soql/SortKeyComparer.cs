namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Orders rows by their ORDER BY keys, nulls placed as NULLS FIRST/LAST says.</summary>
internal sealed class SortKeyComparer(IReadOnlyList<BoundOrder> orderBy) : IComparer<object?[]>
{
    public int Compare(object?[]? x, object?[]? y)
    {
        for (var i = 0; i < orderBy.Count; i++)
        {
            var order = orderBy[i];
            var (a, b) = (x![i], y![i]);
            if (a is null || b is null)
            {
                if (a is null && b is null)
                {
                    continue;
                }

                // Nulls go where NULLS FIRST/LAST says, whatever the direction.
                return (a is null) == order.NullsFirst ? -1 : 1;
            }

            var result = SoqlValues.Compare(a, b, order.Path.Field.Type);
            if (result != 0)
            {
                return order.Descending ? -result : result;
            }
        }

        return 0;
    }
}
