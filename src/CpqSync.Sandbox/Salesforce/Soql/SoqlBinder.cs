using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// Checks a parsed query against the org's schema, in the order Salesforce reports problems: the object first,
/// then the select list, the filter and the ordering.
/// </summary>
internal sealed partial class SoqlBinder
{
    /// <summary>Salesforce's cap on OFFSET.</summary>
    public const int MaxOffset = 2000;

    /// <summary>Parent-to-child subqueries nest up to five levels of records, the queried object included (API 58.0+).</summary>
    public const int MaxChildDepth = 4;

    private const int LongestFilterableTextArea = 4000;

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
        if (query.FromQualifier is { } qualifier)
        {
            throw SoqlErrors.UnknownObject(_soql, qualifier.Offset, $"{qualifier.Name}.{query.From.Name}");
        }

        var target = FindObject(query.From);
        return BindQuery(query, target, depth: 0, isSemiJoin: false);
    }

    private SObjectSchema FindObject(NameSyntax name) =>
        _schema.FindObject(name.Name) ?? throw SoqlErrors.UnknownObject(_soql, name.Offset, name.Name);

    private BoundQuery BindQuery(QuerySyntax query, SObjectSchema target, int depth, bool isSemiJoin)
    {
        if (query.GroupBy.Count > 0 || query.Select.Any(s => s is AggregateSelectSyntax))
        {
            return depth == 0 && !isSemiJoin
                ? BindAggregateQuery(query, target)
                : throw SoqlErrors.At(_soql, query.Select[0].Offset, SoqlErrors.MalformedQuery,
                    "Aggregate functions and GROUP BY are only allowed in the outermost query.");
        }

        var select = new List<BoundSelect>();
        var isCount = false;
        foreach (var item in query.Select)
        {
            switch (item)
            {
                case CountSelectSyntax when query.Select.Count == 1 && depth == 0 && !isSemiJoin:
                    isCount = true;
                    break;
                case CountSelectSyntax count:
                    throw SoqlErrors.At(_soql, count.Offset, SoqlErrors.MalformedQuery,
                        "COUNT() must be the only element in the SELECT list.");
                case FieldSelectSyntax field:
                    select.Add(new FieldSelect(BindPath(field.Path, target)));
                    break;
                case FieldsSelectSyntax fields:
                    if (fields.Kind != "STANDARD" && (query.Limit is null || query.Limit > MaxFieldsFunctionLimit))
                    {
                        // Salesforce gives this one without a caret.
                        throw new SalesforceErrorException(400, SoqlErrors.MalformedQuery,
                            $"The SOQL FIELDS function must have a LIMIT of at most {MaxFieldsFunctionLimit}");
                    }

                    select.AddRange(target.Fields.Values
                        .Where(f => fields.Kind == "ALL" || f.Custom == (fields.Kind == "CUSTOM"))
                        .Select(f => new FieldSelect(new BoundPath([], f))));
                    break;
                case SubquerySelectSyntax subquery when isSemiJoin:
                    throw SoqlErrors.UnexpectedToken(_soql, new SoqlToken(SoqlTokenKind.LeftParen, "(", subquery.Offset));
                case SubquerySelectSyntax when depth >= MaxChildDepth:
                    throw SoqlErrors.ChildRelationshipsTooDeep(MaxChildDepth);
                case SubquerySelectSyntax subquery:
                    select.Add(BindChildQuery(subquery.Query, target, depth + 1));
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected select item {item.GetType().Name}.");
            }
        }

        RejectDuplicates(select);
        var where = query.Where is null ? null : BindCondition(query.Where, target);
        var orderBy = query.OrderBy.Select(o => BindOrder(o, target)).ToList();
        CheckOffset(query);
        return new BoundQuery(target, select, where, orderBy, query.Limit, query.Offset?.Value, isCount);
    }

    /// <summary>A field selected twice, directly or through FIELDS(), fails as in Salesforce (without a caret).</summary>
    private static void RejectDuplicates(List<BoundSelect> select)
    {
        var fields = select.OfType<FieldSelect>().Select(f => f.Path).ToList();
        for (var i = 1; i < fields.Count; i++)
        {
            if (fields.Take(i).Any(fields[i].SameAs))
            {
                var name = string.Join('.', fields[i].Lookups.Select(l => l.RelationshipName).Append(fields[i].Field.Name));
                throw new SalesforceErrorException(400, SoqlErrors.InvalidField, $"duplicate field selected: {name}");
            }
        }
    }

    private static void CheckOffset(QuerySyntax query)
    {
        if (query.Offset is { Value: > MaxOffset })
        {
            throw new SalesforceErrorException(400, SoqlErrors.NumberOutsideValidRange, $"Maximum SOQL offset allowed is {MaxOffset}");
        }
    }

    private ChildSelect BindChildQuery(QuerySyntax query, SObjectSchema parent, int depth)
    {
        var name = query.From;
        if (query.FromQualifier is { } qualifier && !qualifier.Name.Equals(parent.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw SoqlErrors.UnknownChildRelationship(_soql, qualifier.Offset, $"{qualifier.Name}.{name.Name}");
        }

        if (!parent.ChildRelationships.TryGetValue(name.Name, out var relationship)
            || _schema.FindObject(relationship.ChildObject) is not { } child)
        {
            throw SoqlErrors.UnknownChildRelationship(_soql, name.Offset, name.Name);
        }

        return new ChildSelect(relationship, BindQuery(query, child, depth, isSemiJoin: false));
    }

    private BoundOrder BindOrder(OrderItemSyntax order, SObjectSchema target)
    {
        var path = BindPath(order.Field, target);
        if (!IsFilterable(path.Field))
        {
            throw SoqlErrors.At(_soql, order.Field.Offset, SoqlErrors.InvalidField,
                $"field '{path.Field.Name}' can not be sorted in a query call");
        }

        return new BoundOrder(path, order.Descending, order.NullsFirst ?? !order.Descending);
    }

    /// <summary>A path in WHERE: long text areas, encrypted and base64 fields cannot be filtered on in Salesforce.</summary>
    private BoundPath BindFilterPath(FieldPathSyntax syntax, SObjectSchema target)
    {
        var path = BindPath(syntax, target);
        return IsFilterable(path.Field)
            ? path
            : throw SoqlErrors.At(_soql, syntax.Offset, SoqlErrors.InvalidField,
                $"field '{path.Field.Name}' can not be filtered in a query call");
    }

    /// <summary>
    /// Long text areas (Description, 32,000 characters), encrypted text, base64 and compound fields can be neither
    /// filtered nor sorted on. Text areas up to 4,000 characters (Product2.Description) or of unknown length are
    /// let through: the schema does not say which of those Salesforce marks filterable, and refusing a query the
    /// real org accepts would be worse than accepting one it refuses.
    /// </summary>
    private static bool IsFilterable(FieldSchema field) => field.Type switch
    {
        FieldType.TextArea => field.Length <= LongestFilterableTextArea,
        FieldType.EncryptedString or FieldType.Base64 or FieldType.Address or FieldType.Location => false,
        _ => true,
    };

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
        OrSyntax or => new OrCondition(or.Operands.Select(o => BindOrOperand(o, target)).ToList()),
        NotSyntax not => new NotCondition(BindCondition(not.Operand, target)),
        ComparisonSyntax { Operator: "LIKE" } like => BindLike(like, target),
        ComparisonSyntax comparison => BindComparison(comparison, target),
        InListSyntax list => BindInList(list, target),
        SemiJoinSyntax semiJoin => BindSemiJoin(semiJoin, target),
        MultiPicklistSyntax multi => BindMultiPicklist(multi, target),
        _ => throw new InvalidOperationException($"Unexpected condition {condition.GetType().Name}."),
    };

    private BoundCondition BindOrOperand(ConditionSyntax operand, SObjectSchema target) => FindSemiJoin(operand) is { } semiJoin
        ? throw SoqlErrors.At(_soql, semiJoin.Field.Offset, SoqlErrors.MalformedQuery,
            "Semi join sub-selects are not allowed with the 'OR' operator")
        : BindCondition(operand, target);

    private static SemiJoinSyntax? FindSemiJoin(ConditionSyntax condition) => condition switch
    {
        SemiJoinSyntax semiJoin => semiJoin,
        AndSyntax and => and.Operands.Select(FindSemiJoin).FirstOrDefault(s => s is not null),
        OrSyntax or => or.Operands.Select(FindSemiJoin).FirstOrDefault(s => s is not null),
        NotSyntax not => FindSemiJoin(not.Operand),
        _ => null,
    };

    private ComparisonCondition BindComparison(ComparisonSyntax comparison, SObjectSchema target)
    {
        var path = BindFilterPath(comparison.Field, target);
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
        var path = BindFilterPath(like.Field, target);
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
        var path = BindFilterPath(list.Field, target);
        return new InCondition(path, list.Negated, list.Values.Select(v => LiteralBinder.Bind(_soql, path.Field, v)).ToList());
    }

    private IncludesCondition BindMultiPicklist(MultiPicklistSyntax multi, SObjectSchema target)
    {
        var path = BindFilterPath(multi.Field, target);
        if (path.Field.Type != FieldType.MultiPicklist)
        {
            throw SoqlErrors.At(_soql, multi.Field.Offset, SoqlErrors.InvalidField,
                $"{(multi.Excludes ? "EXCLUDES" : "INCLUDES")} operator is only valid on multi-select picklist fields");
        }

        // Each value is a set of selections ('a;b' means both a and b); the field matches when it holds all of one set.
        var sets = multi.Values
            .Select(v => v.Kind == SoqlTokenKind.String
                ? ((string)v.Value!).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : throw SoqlErrors.WrongLiteralType(_soql, v.Offset, path.Field.Name, "string", quoted: true))
            .ToList();
        return new IncludesCondition(path, multi.Excludes, sets);
    }

    private SemiJoinCondition BindSemiJoin(SemiJoinSyntax semiJoin, SObjectSchema target)
    {
        var path = BindFilterPath(semiJoin.Field, target);
        if (path.Field.Type is not (FieldType.Id or FieldType.Reference))
        {
            throw SoqlErrors.At(_soql, semiJoin.Field.Offset, SoqlErrors.InvalidField,
                $"Invalid semi join field: '{path.Field.Name}'. The left operand of a semi join must be an Id or a reference field.");
        }

        var inner = semiJoin.Query;
        var innerObject = FindObject(inner.From);
        CheckSemiJoinQuery(semiJoin, innerObject, target);
        var bound = BindQuery(inner, innerObject, depth: 0, isSemiJoin: true);
        if (bound.Select is not [FieldSelect { Path.Field.Type: FieldType.Id or FieldType.Reference } selected]
            || bound.IsCount || bound.Select.Any(s => s is ChildSelect))
        {
            throw SoqlErrors.At(_soql, semiJoin.QueryOffset, SoqlErrors.MalformedQuery,
                "The inner select field in a semi join must be a single Id or reference field.");
        }

        return new SemiJoinCondition(path, semiJoin.Negated, bound, selected.Path);
    }

    /// <summary>
    /// Salesforce's limits on a semi-join's sub-select (SOQL reference, "Considerations for Semi-Join and Anti-Join
    /// Queries"): not on the outer query's own object, no semi-join inside it, no ORDER BY or LIMIT.
    /// </summary>
    private void CheckSemiJoinQuery(SemiJoinSyntax semiJoin, SObjectSchema innerObject, SObjectSchema target)
    {
        var inner = semiJoin.Query;
        if (string.Equals(innerObject.Name, target.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw SoqlErrors.At(_soql, inner.From.Offset, SoqlErrors.MalformedQuery,
                "The inner and outer selects should not be on the same object type");
        }

        if (inner.Where is { } where && FindSemiJoin(where) is { } nested)
        {
            throw SoqlErrors.At(_soql, nested.Field.Offset, SoqlErrors.MalformedQuery, "Nesting of semi join sub-selects is not supported");
        }

        // The wording of these two is not documented; the code is what a caller can rely on.
        if (inner.OrderBy is [var order, ..])
        {
            throw SoqlErrors.At(_soql, order.Field.Offset, SoqlErrors.MalformedQuery, "ORDER BY is not supported in a semi join sub-select");
        }

        if (inner.Limit is not null)
        {
            throw SoqlErrors.At(_soql, semiJoin.QueryOffset, SoqlErrors.MalformedQuery, "LIMIT is not supported in a semi join sub-select");
        }
    }
}
