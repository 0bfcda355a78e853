using System.Text.RegularExpressions;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

// A query checked against the schema: every name resolved to its schema object and every literal converted to the
// type its field stores. Bound queries hold nothing that depends on one execution, so they are cached by text.

internal sealed record BoundQuery(
    SObjectSchema Object,
    IReadOnlyList<BoundSelect> Select,
    BoundCondition? Where,
    IReadOnlyList<BoundOrder> OrderBy,
    int? Limit,
    int? Offset,
    bool IsCount)
{
    /// <summary>Set for aggregate queries (aggregate functions and/or GROUP BY): rows are groups, not records.</summary>
    public Aggregation? Aggregation { get; init; }

    /// <summary>How deep child subqueries nest below this query: 0 without any, 1 for (SELECT … FROM OrderItems)…</summary>
    public int ChildDepth => Select.OfType<ChildSelect>().Select(c => 1 + c.Query.ChildDepth).DefaultIfEmpty(0).Max();
}

/// <summary>The grouping of an aggregate query and its output columns in SELECT order.</summary>
internal sealed record Aggregation(IReadOnlyList<BoundPath> GroupBy, IReadOnlyList<AggregateColumn> Columns);

/// <summary>
/// One column of an aggregate row: a grouped field (<see cref="Function"/> null, key = field name) or a function
/// over a field (key = its alias or <c>expr0</c>, <c>expr1</c>…).
/// </summary>
internal sealed record AggregateColumn(string Key, string? Function, BoundPath Path);

/// <summary>A field reached through zero or more lookups, e.g. <c>PricebookEntry.Product2.Name</c> from OrderItem.</summary>
internal sealed record BoundPath(IReadOnlyList<FieldSchema> Lookups, FieldSchema Field)
{
    /// <summary>True for <c>IsDeleted</c>, which reads the record's state rather than a stored value.</summary>
    public bool IsDeletedFlag { get; } = Field.Name.Equals("IsDeleted", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when both paths walk the same lookups to the same field (schema objects compared by identity).</summary>
    public bool SameAs(BoundPath other) =>
        ReferenceEquals(Field, other.Field) && Lookups.SequenceEqual(other.Lookups, ReferenceEqualityComparer.Instance);
}

internal abstract record BoundSelect;

internal sealed record FieldSelect(BoundPath Path) : BoundSelect;

internal sealed record ChildSelect(ChildRelationshipSchema Relationship, BoundQuery Query) : BoundSelect;

internal sealed record BoundOrder(BoundPath Path, bool Descending, bool NullsFirst);

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>A literal converted to its field's stored type (string, normalised id, decimal, bool, date, datetime) or null.</summary>
internal abstract record BoundValue;

internal sealed record ConstantValue(object? Value) : BoundValue;

/// <summary><c>TODAY</c>, <c>LAST_N_DAYS:n</c>…: resolved against the execution's clock, never cached.</summary>
internal sealed record RelativeDateValue(string Name, int N) : BoundValue;

internal abstract record BoundCondition;

internal sealed record AndCondition(IReadOnlyList<BoundCondition> Operands) : BoundCondition;

internal sealed record OrCondition(IReadOnlyList<BoundCondition> Operands) : BoundCondition;

internal sealed record NotCondition(BoundCondition Operand) : BoundCondition;

internal sealed record ComparisonCondition(BoundPath Path, ComparisonOperator Operator, BoundValue Value) : BoundCondition;

internal sealed record InCondition(BoundPath Path, bool Negated, IReadOnlyList<BoundValue> Values) : BoundCondition
{
    /// <summary>
    /// For id and lookup fields, the listed ids (18 characters) as a set, so long id lists cost one probe per row.
    /// Null when the field is not an id or the list holds something else (such as null).
    /// </summary>
    public HashSet<string>? Ids { get; } =
        Path.Field.Type is FieldType.Id or FieldType.Reference && Values.All(v => v is ConstantValue { Value: string })
            ? Values.Select(v => (string)((ConstantValue)v).Value!).ToHashSet(StringComparer.Ordinal)
            : null;
}

internal sealed record LikeCondition(BoundPath Path, Regex Pattern) : BoundCondition;

/// <summary><c>field [NOT] IN (SELECT idField FROM …)</c>: the inner query is run once per execution.</summary>
internal sealed record SemiJoinCondition(BoundPath Path, bool Negated, BoundQuery Query, BoundPath Selected) : BoundCondition;

/// <summary>INCLUDES/EXCLUDES: each entry is a set of selections the field must all hold.</summary>
internal sealed record IncludesCondition(BoundPath Path, bool Excludes, IReadOnlyList<string[]> Sets) : BoundCondition;
