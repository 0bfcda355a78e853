using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Groups matching records and computes aggregate rows, shaped as Salesforce writes them:
/// <c>{"attributes":{"type":"AggregateResult"},"Status":"Draft","expr0":3}</c>.
/// </summary>
internal sealed class AggregateRunner
{
    private readonly RecordNavigator _navigator;

    public AggregateRunner(RecordNavigator navigator) => _navigator = navigator;

    public List<JsonObject> Run(BoundQuery query, Aggregation aggregation, IEnumerable<SObjectRecord> matching)
    {
        var groups = new Dictionary<object?[], List<SObjectRecord>>(new GroupKeyComparer(aggregation.GroupBy));
        var order = new List<object?[]>();
        foreach (var record in matching)
        {
            var key = aggregation.GroupBy.Select(g => _navigator.Read(record, g)).ToArray();
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
                order.Add(key);
            }

            members.Add(record);
        }

        if (aggregation.GroupBy.Count == 0 && order.Count == 0)
        {
            // Without GROUP BY there is always one row, even over no records (COUNT(Id) = 0).
            order.Add([]);
            groups[[]] = [];
        }

        IEnumerable<object?[]> keys = order;
        if (query.OrderBy.Count > 0)
        {
            var positions = query.OrderBy.Select(o => IndexOf(aggregation.GroupBy, o.Path)).ToArray();
            keys = keys.OrderBy(k => positions.Select(p => k[p]).ToArray(), new SortKeyComparer(query.OrderBy));
        }

        if (query.Offset is { } offset)
        {
            keys = keys.Skip(offset);
        }

        if (query.Limit is { } limit)
        {
            keys = keys.Take(limit);
        }

        return keys.Select(k => Row(aggregation, k, groups[k])).ToList();
    }

    private JsonObject Row(Aggregation aggregation, object?[] key, List<SObjectRecord> members)
    {
        var row = new JsonObject { ["attributes"] = new JsonObject { ["type"] = "AggregateResult" } };
        foreach (var column in aggregation.Columns)
        {
            row[column.Key] = column.Function is null
                ? SalesforceJson.ToJson(key[IndexOf(aggregation.GroupBy, column.Path)], column.Path.Field.Type)
                : Compute(column, members);
        }

        return row;
    }

    private static int IndexOf(IReadOnlyList<BoundPath> groupBy, BoundPath path)
    {
        for (var i = 0; i < groupBy.Count; i++)
        {
            if (groupBy[i].SameAs(path))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{path.Field.Name} is not grouped.");
    }

    private JsonNode? Compute(AggregateColumn column, List<SObjectRecord> members)
    {
        var type = column.Path.Field.Type;
        var values = members.Select(m => _navigator.Read(m, column.Path)).Where(v => v is not null).Select(v => v!).ToList();
        switch (column.Function)
        {
            case "COUNT":
                return values.Count;
            case "COUNT_DISTINCT":
                return values.Distinct(new GroupKeyComparer.ValueComparer(type)).Count();
            case "SUM":
                return values.Count == 0 ? null : JsonValue.Create(values.OfType<decimal>().Sum());
            case "AVG":
                // Salesforce computes averages in floating point.
                return values.Count == 0 ? null : JsonValue.Create((double)values.OfType<decimal>().Average());
            case "MIN":
            case "MAX":
                if (values.Count == 0)
                {
                    return null;
                }

                var sign = column.Function == "MIN" ? 1 : -1;
                var best = values.Aggregate((a, b) => sign * SoqlValues.Compare(a, b, type) <= 0 ? a : b);
                return SalesforceJson.ToJson(best, type == FieldType.Int ? FieldType.Int : type);
            default:
                throw new InvalidOperationException($"Unexpected aggregate {column.Function}.");
        }
    }
}
