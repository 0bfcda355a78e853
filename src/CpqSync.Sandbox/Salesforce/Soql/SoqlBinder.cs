using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Checks a parsed query against the org's schema, in the order Salesforce reports problems: the object first,
/// then the select list, the filter and the ordering.
/// </summary>
internal sealed class SoqlBinder
{
    /// <summary>Salesforce's cap on OFFSET.</summary>
    public const int MaxOffset = 2000;

    /// <summary>FIELDS(ALL) and FIELDS(CUSTOM) need a LIMIT no larger than this.</summary>
    public const int MaxFieldsFunctionLimit = 200;

    private readonly OrgSchema _schema;
    private readonly string _soql;

    public SoqlBinder(OrgSchema schema, string soql)
    {
        _schema = schema;
        _soql = soql;
    }

    public BoundQuery Bind(QuerySyntax query)
    {
        var target = FindObject(query.From);
        return BindQuery(query, target, isNested: false);
    }

    private SObjectSchema FindObject(NameSyntax name) =>
        _schema.FindObject(name.Name) ?? throw SoqlErrors.UnknownObject(_soql, name.Offset, name.Name);

    private BoundQuery BindQuery(QuerySyntax query, SObjectSchema target, bool isNested)
    {
        var select = new List<BoundSelect>();
        var isCount = false;
        foreach (var item in query.Select)
        {
            switch (item)
            {
                case CountSelectSyntax when query.Select.Count == 1 && !isNested:
                    isCount = true;
                    break;
                case CountSelectSyntax count:
                    throw SoqlErrors.At(_soql, count.Offset, SoqlErrors.MalformedQuery, "COUNT() must be the only element in the SELECT list.");
                case FieldSelectSyntax field:
                    select.Add(new FieldSelect(BindPath(field.Path, target)));
                    break;
                case FieldsSelectSyntax fields:
                    if (fields.Kind != "STANDARD" && (query.Limit is null || query.Limit > MaxFieldsFunctionLimit))
                    {
                        throw SoqlErrors.At(_soql, fields.Offset, SoqlErrors.MalformedQuery,
                            $"The SOQL FIELDS function must have a LIMIT of at most {MaxFieldsFunctionLimit}");
                    }

                    select.AddRange(target.Fields.Values
                        .Where(f => fields.Kind == "ALL" || f.Custom == (fields.Kind == "CUSTOM"))
                        .Select(f => new FieldSelect(new BoundPath([], f))));
                    break;
                case SubquerySelectSyntax subquery when isNested:
                    throw SoqlErrors.UnexpectedToken(_soql, new SoqlToken(SoqlTokenKind.LeftParen, "(", subquery.Offset));
                case SubquerySelectSyntax subquery:
                    select.Add(BindChildQuery(subquery.Query, target));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected select item {item.GetType().Name}.");
            }
        }

        var where = query.Where is null ? null : BindCondition(query.Where, target);
        var orderBy = query.OrderBy.Select(o => BindOrder(o, target)).ToList();
        if (query.Offset is { Value: > MaxOffset })
        {
            throw new SalesforceErrorException(400, SoqlErrors.NumberOutsideValidRange, $"Maximum SOQL offset allowed is {MaxOffset}");
        }

        return new BoundQuery(target, select, where, orderBy, query.Limit, query.Offset?.Value, isCount);
    }

    private ChildSelect BindChildQuery(QuerySyntax query, SObjectSchema parent)
    {
        var name = query.From;
        if (!parent.ChildRelationships.TryGetValue(name.Name, out var relationship)
            || _schema.FindObject(relationship.ChildObject) is not { } child)
        {
            throw SoqlErrors.UnknownChildRelationship(_soql, name.Offset, name.Name);
        }

        return new ChildSelect(relationship, BindQuery(query, child, isNested: true));
    }

    private BoundOrder BindOrder(OrderItemSyntax order, SObjectSchema target) =>
        new(BindPath(order.Field, target), order.Descending, order.NullsFirst ?? !order.Descending);

    /// <summary>
    /// Resolves a dotted path through parent relationships. A leading segment naming the queried object itself
    /// (<c>SELECT Order.Name FROM Order</c>) is allowed, as in Salesforce.
    /// </summary>
    private BoundPath BindPath(FieldPathSyntax path, SObjectSchema target)
    {
        var segments = path.Segments;
        var first = 0;
        if (segments.Count > 1 && segments[0].Name.Equals(target.Name, StringComparison.OrdinalIgnoreCase)
            && !target.ParentRelationships.ContainsKey(segments[0].Name))
        {
            first = 1;
        }

        var current = target;
        var lookups = new List<FieldSchema>();
        for (var i = first; i < segments.Count - 1; i++)
        {
            var name = segments[i].Name;
            if (!current.ParentRelationships.TryGetValue(name, out var lookup)
                || lookup.ReferenceTo.Select(_schema.FindObject).FirstOrDefault(o => o is not null) is not { } parent)
            {
                throw SoqlErrors.UnknownRelationship(_soql, path.Offset, name);
            }

            lookups.Add(lookup);
            current = parent;
        }

        var last = segments[^1].Name;
        var field = current.FindField(last) ?? throw SoqlErrors.UnknownField(_soql, path.Offset, last, current.Name);
        return new BoundPath(lookups, field);
    }

    private BoundCondition BindCondition(ConditionSyntax condition, SObjectSchema target) => condition switch
    {
        AndSyntax and => new AndCondition(and.Operands.Select(o => BindCondition(o, target)).ToList()),
        OrSyntax or => new OrCondition(or.Operands.Select(o => BindCondition(o, target)).ToList()),
        NotSyntax not => new NotCondition(BindCondition(not.Operand, target)),
        ComparisonSyntax { Operator: "LIKE" } like => BindLike(like, target),
        ComparisonSyntax comparison => BindComparison(comparison, target),
        InListSyntax list => BindInList(list, target),
        SemiJoinSyntax semiJoin => BindSemiJoin(semiJoin, target),
        _ => throw new InvalidOperationException($"Unexpected condition {condition.GetType().Name}."),
    };

    private ComparisonCondition BindComparison(ComparisonSyntax comparison, SObjectSchema target)
    {
        var path = BindPath(comparison.Field, target);
        var op = comparison.Operator switch
        {
            "=" => ComparisonOperator.Equal,
            "!=" => ComparisonOperator.NotEqual,
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            _ => throw new InvalidOperationException($"Unexpected operator {comparison.Operator}."),
        };
        return new ComparisonCondition(path, op, LiteralBinder.Bind(_soql, path.Field, comparison.Value));
    }

    private BoundCondition BindLike(ComparisonSyntax like, SObjectSchema target)
    {
        var path = BindPath(like.Field, target);
        // Binding checks the literal suits the field (a LIKE on a boolean fails like '=' would).
        LiteralBinder.Bind(_soql, path.Field, like.Value);
        if (like.Value.Kind != SoqlTokenKind.String)
        {
            throw SoqlErrors.UnexpectedToken(_soql, like.Value);
        }

        return new LikeCondition(path, LikePattern.Compile(like.Value.Text));
    }

    private InCondition BindInList(InListSyntax list, SObjectSchema target)
    {
        var path = BindPath(list.Field, target);
        return new InCondition(path, list.Negated, list.Values.Select(v => LiteralBinder.Bind(_soql, path.Field, v)).ToList());
    }

    private SemiJoinCondition BindSemiJoin(SemiJoinSyntax semiJoin, SObjectSchema target)
    {
        var path = BindPath(semiJoin.Field, target);
        if (path.Field.Type is not (FieldType.Id or FieldType.Reference))
        {
            throw SoqlErrors.At(_soql, semiJoin.Field.Offset, SoqlErrors.InvalidField,
                $"Invalid semi join field: '{path.Field.Name}'. The left operand of a semi join must be an Id or a reference field.");
        }

        var inner = semiJoin.Query;
        var innerObject = FindObject(inner.From);
        var bound = BindQuery(inner, innerObject, isNested: true);
        if (bound.Select is not [FieldSelect { Path.Field.Type: FieldType.Id or FieldType.Reference } selected]
            || bound.IsCount || bound.Select.Any(s => s is ChildSelect))
        {
            throw SoqlErrors.At(_soql, semiJoin.QueryOffset, SoqlErrors.MalformedQuery,
                "The inner select field in a semi join must be a single Id or reference field.");
        }

        return new SemiJoinCondition(path, semiJoin.Negated, bound, selected.Path);
    }
}
