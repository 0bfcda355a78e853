using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Runs one bound query against the record source: picks candidates, filters, sorts, pages and writes rows.</summary>
internal sealed class QueryRunner
{
    private readonly IRecordSource _records;
    private readonly SoqlExecutionContext _context;
    private readonly RecordNavigator _navigator;
    private readonly ConditionEvaluator _evaluator;
    private readonly RowWriter _writer;
    private readonly Dictionary<SemiJoinCondition, HashSet<string>> _semiJoins = new(ReferenceEqualityComparer.Instance);

    public QueryRunner(IRecordSource records, SoqlExecutionContext context)
    {
        _records = records;
        _context = context;
        _navigator = new RecordNavigator(records);
        _evaluator = new ConditionEvaluator(_navigator, context.Now, SemiJoinIds);
        _writer = new RowWriter(_navigator, context.ApiVersion, ChildRows);
    }

    public SoqlResult Execute(BoundQuery query)
    {
        var rows = Select(query, Candidates(query));
        if (query.IsCount)
        {
            return new SoqlResult(rows.Count, [], IsCount: true);
        }

        var json = rows.Select(r => _writer.Write(query, r)).ToList();
        return new SoqlResult(json.Count, json, IsCount: false);
    }

    /// <summary>Filters, sorts and pages <paramref name="source"/>.</summary>
    private List<SObjectRecord> Select(BoundQuery query, IEnumerable<SObjectRecord> source)
    {
        var matching = query.Where is { } where ? source.Where(r => _evaluator.Matches(where, r)) : source;
        if (query.OrderBy.Count > 0)
        {
            matching = Sort(query.OrderBy, matching);
        }

        if (query.Offset is { } offset)
        {
            matching = matching.Skip(offset);
        }

        if (query.Limit is { } limit)
        {
            matching = matching.Take(limit);
        }

        return matching.ToList();
    }

    private IEnumerable<SObjectRecord> Sort(IReadOnlyList<BoundOrder> orderBy, IEnumerable<SObjectRecord> records)
    {
        // Read every sort key once: keys behind lookups cost a record-source call each.
        var keyed = records.Select(r => (Record: r, Keys: orderBy.Select(o => _navigator.Read(r, o.Path)).ToArray()));
        return keyed.OrderBy(k => k.Keys, new SortKeyComparer(orderBy)).Select(k => k.Record);
    }

    private sealed class SortKeyComparer(IReadOnlyList<BoundOrder> orderBy) : IComparer<object?[]>
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

    /// <summary>
    /// The records worth filtering: when the WHERE clause requires an Id (or a lookup) to take given values,
    /// only those records are fetched, so polling one order among 50,000 stays cheap.
    /// </summary>
    private IEnumerable<SObjectRecord> Candidates(BoundQuery query)
    {
        var target = query.Object;
        var conjuncts = query.Where switch
        {
            AndCondition and => and.Operands,
            { } single => [single],
            null => [],
        };
        foreach (var condition in conjuncts)
        {
            switch (condition)
            {
                case ComparisonCondition { Path.Lookups.Count: 0, Operator: ComparisonOperator.Equal, Value: ConstantValue { Value: string id } } c
                    when c.Path.Field.Type == FieldType.Id:
                    return FindAll(target, [id]);
                case ComparisonCondition { Path.Lookups.Count: 0, Operator: ComparisonOperator.Equal, Value: ConstantValue { Value: string id } } c
                    when c.Path.Field.Type == FieldType.Reference:
                    return _records.Children(target.Name, c.Path.Field.Name, id, _context.IncludeDeleted);
                case InCondition { Path.Lookups.Count: 0, Negated: false } list
                    when list.Path.Field.Type == FieldType.Id && list.Values.All(v => v is ConstantValue { Value: string }):
                    return FindAll(target, list.Values.Select(v => (string)((ConstantValue)v).Value!));
                case SemiJoinCondition { Path.Lookups.Count: 0, Negated: false } semiJoin when semiJoin.Path.Field.Type == FieldType.Id:
                    return FindAll(target, SemiJoinIds(semiJoin));
                default:
                    continue;
            }
        }

        return _records.Records(target.Name, _context.IncludeDeleted);
    }

    private IEnumerable<SObjectRecord> FindAll(SObjectSchema target, IEnumerable<string> ids) =>
        ids.Distinct(StringComparer.Ordinal)
            .Select(_records.Find)
            .OfType<SObjectRecord>()
            .Where(r => r.ObjectName.Equals(target.Name, StringComparison.OrdinalIgnoreCase) && (_context.IncludeDeleted || !r.IsDeleted))
            // Ids grow with creation, so id order is the store's insertion order.
            .OrderBy(r => r.Id, StringComparer.Ordinal);

    /// <summary>The ids an inner query of a semi-join yields, computed once per execution.</summary>
    private HashSet<string> SemiJoinIds(SemiJoinCondition semiJoin)
    {
        if (!_semiJoins.TryGetValue(semiJoin, out var ids))
        {
            ids = Select(semiJoin.Query, Candidates(semiJoin.Query))
                .Select(r => _navigator.Read(r, semiJoin.Selected))
                .OfType<string>()
                .Select(SoqlValues.NormalizeId)
                .ToHashSet(StringComparer.Ordinal);
            _semiJoins[semiJoin] = ids;
        }

        return ids;
    }

    private List<SObjectRecord> ChildRows(SObjectRecord parent, ChildSelect child) =>
        Select(child.Query, _records.Children(child.Relationship.ChildObject, child.Relationship.Field, parent.Id, _context.IncludeDeleted));
}
