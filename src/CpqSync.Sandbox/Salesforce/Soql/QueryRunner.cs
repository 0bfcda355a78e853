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
        if (query.Aggregation is { } aggregation)
        {
            var source = Candidates(query);
            var matching = query.Where is { } where ? source.Where(r => _evaluator.Matches(where, r)) : source;
            var groups = new AggregateRunner(_navigator).Run(query, aggregation, matching);
            return new SoqlResult(groups.Count, groups, IsCount: false);
        }

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
            if (condition is ComparisonCondition { Path.Lookups.Count: 0, Operator: ComparisonOperator.Equal } comparison
                && comparison.Value is ConstantValue { Value: string id })
            {
                var field = comparison.Path.Field;
                if (field.Type == FieldType.Id)
                {
                    return FindAll(target, [id]);
                }

                if (field.Type == FieldType.Reference)
                {
                    return _records.Children(target.Name, field.Name, id, _context.IncludeDeleted);
                }
            }

            if (condition is InCondition { Path.Lookups.Count: 0, Negated: false, Path.Field.Type: FieldType.Id } list
                && list.Values.All(v => v is ConstantValue { Value: string }))
            {
                return FindAll(target, list.Values.Select(v => (string)((ConstantValue)v).Value!));
            }

            if (condition is InCondition { Path.Lookups.Count: 0, Negated: false, Path.Field.Type: FieldType.Reference } lookups
                && lookups.Ids is { } parents)
            {
                // Lines of a batch of orders (OrderId IN (…)): gather each parent's children, in creation order.
                return parents
                    .SelectMany(id => _records.Children(target.Name, lookups.Path.Field.Name, id, _context.IncludeDeleted))
                    .DistinctBy(r => r.Id, StringComparer.Ordinal)
                    .OrderBy(r => r.Id, StringComparer.Ordinal);
            }

            if (condition is SemiJoinCondition { Path.Lookups.Count: 0, Negated: false, Path.Field.Type: FieldType.Id } semiJoin)
            {
                return FindAll(target, SemiJoinIds(semiJoin));
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
        Select(child.Query, _records.Children(
            child.Relationship.ChildObject, child.Relationship.Field, parent.Id, _context.IncludeDeleted));
}
