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
    bool IsCount);

/// <summary>A field reached through zero or more lookups, e.g. <c>PricebookEntry.Product2.Name</c> from OrderItem.</summary>
internal sealed record BoundPath(IReadOnlyList<FieldSchema> Lookups, FieldSchema Field);

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

internal sealed record InCondition(BoundPath Path, bool Negated, IReadOnlyList<BoundValue> Values) : BoundCondition;

internal sealed record LikeCondition(BoundPath Path, Regex Pattern) : BoundCondition;

/// <summary><c>field [NOT] IN (SELECT idField FROM …)</c>: the inner query is run once per execution.</summary>
internal sealed record SemiJoinCondition(BoundPath Path, bool Negated, BoundQuery Query, BoundPath Selected) : BoundCondition;
