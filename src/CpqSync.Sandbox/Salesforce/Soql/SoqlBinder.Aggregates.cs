using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>Binding of aggregate queries: <c>SELECT Status, COUNT(Id) n FROM Order GROUP BY Status</c>.</summary>
internal sealed partial class SoqlBinder
{
    private BoundQuery BindAggregateQuery(QuerySyntax query, SObjectSchema target)
    {
        var groupBy = query.GroupBy.Select(g => BindPath(g, target)).ToList();
        var columns = new List<AggregateColumn>();
        var unnamed = 0;
        foreach (var item in query.Select)
        {
            switch (item)
            {
                case FieldSelectSyntax field:
                    var path = BindPath(field.Path, target);
                    if (!groupBy.Any(path.SameAs))
                    {
                        throw SoqlErrors.At(_soql, field.Offset, SoqlErrors.MalformedQuery,
                            $"Field must be grouped or aggregated: {path.Field.Name}");
                    }

                    columns.Add(new AggregateColumn(path.Field.Name, null, path));
                    break;
                case AggregateSelectSyntax aggregate:
                    var argument = BindPath(aggregate.Field, target);
                    CheckAggregateArgument(aggregate, argument);
                    // Salesforce names unaliased aggregates expr0, expr1… in SELECT order.
                    columns.Add(new AggregateColumn(aggregate.Alias ?? $"expr{unnamed++}", aggregate.Function, argument));
                    break;
                default:
                    throw SoqlErrors.UnexpectedToken(_soql, new SoqlToken(SoqlTokenKind.Identifier, "(", item.Offset));
            }
        }

        var where = query.Where is null ? null : BindCondition(query.Where, target);
        var orderBy = new List<BoundOrder>();
        foreach (var order in query.OrderBy)
        {
            var bound = BindOrder(order, target);
            if (!groupBy.Any(bound.Path.SameAs))
            {
                throw SoqlErrors.At(_soql, order.Field.Offset, SoqlErrors.MalformedQuery,
                    $"Ordered field must be grouped or aggregated: {bound.Path.Field.Name}");
            }

            orderBy.Add(bound);
        }

        CheckOffset(query);
        return new BoundQuery(target, [], where, orderBy, query.Limit, query.Offset?.Value, IsCount: false)
        {
            Aggregation = new Aggregation(groupBy, columns),
        };
    }

    private void CheckAggregateArgument(AggregateSelectSyntax aggregate, BoundPath argument)
    {
        var numeric = argument.Field.Type is FieldType.Int or FieldType.Double or FieldType.Currency or FieldType.Percent;
        if (aggregate.Function is "SUM" or "AVG" && !numeric)
        {
            throw SoqlErrors.At(_soql, aggregate.Field.Offset, SoqlErrors.MalformedQuery,
                $"field {argument.Field.Name} does not support aggregate operator {aggregate.Function}");
        }
    }
}
