namespace CpqSync.Sandbox.Salesforce.Soql;

// The parsed query, before it is checked against the schema. Offsets point into the query text for error carets.

internal sealed record QuerySyntax(
    IReadOnlyList<SelectItemSyntax> Select,
    NameSyntax From,
    ConditionSyntax? Where,
    IReadOnlyList<OrderItemSyntax> OrderBy,
    int? Limit,
    NumberSyntax? Offset)
{
    /// <summary>GROUP BY fields; empty when the query does not group.</summary>
    public IReadOnlyList<FieldPathSyntax> GroupBy { get; init; } = [];

    /// <summary>The parent named before a child relationship in <c>FROM Account.Contacts</c>; null otherwise.</summary>
    public NameSyntax? FromQualifier { get; init; }
}

internal sealed record NameSyntax(string Name, int Offset);

internal sealed record NumberSyntax(int Value, int Offset);

/// <summary>A dotted field path such as <c>PricebookEntry.Product2.Name</c>.</summary>
internal sealed record FieldPathSyntax(IReadOnlyList<NameSyntax> Segments)
{
    public int Offset => Segments[0].Offset;
}

internal abstract record SelectItemSyntax(int Offset);

internal sealed record FieldSelectSyntax(FieldPathSyntax Path) : SelectItemSyntax(Path.Offset);

/// <summary><c>FIELDS(ALL)</c>, <c>FIELDS(STANDARD)</c> or <c>FIELDS(CUSTOM)</c>.</summary>
internal sealed record FieldsSelectSyntax(string Kind, int Offset) : SelectItemSyntax(Offset);

internal sealed record CountSelectSyntax(int Offset) : SelectItemSyntax(Offset);

internal sealed record SubquerySelectSyntax(QuerySyntax Query, int Offset) : SelectItemSyntax(Offset);

internal sealed record OrderItemSyntax(FieldPathSyntax Field, bool Descending, bool? NullsFirst);

internal abstract record ConditionSyntax;

internal sealed record AndSyntax(IReadOnlyList<ConditionSyntax> Operands) : ConditionSyntax;

internal sealed record OrSyntax(IReadOnlyList<ConditionSyntax> Operands) : ConditionSyntax;

internal sealed record NotSyntax(ConditionSyntax Operand) : ConditionSyntax;

/// <summary><c>field op value</c>, where op is one of <c>= != &lt;&gt; &lt; &lt;= &gt; &gt;= LIKE</c>.</summary>
internal sealed record ComparisonSyntax(FieldPathSyntax Field, string Operator, SoqlToken Value) : ConditionSyntax;

internal sealed record InListSyntax(FieldPathSyntax Field, bool Negated, IReadOnlyList<SoqlToken> Values) : ConditionSyntax;

/// <summary>A semi-join (<c>IN (SELECT …)</c>) or, negated, an anti-join.</summary>
internal sealed record SemiJoinSyntax(FieldPathSyntax Field, bool Negated, QuerySyntax Query, int QueryOffset) : ConditionSyntax;

/// <summary><c>field INCLUDES ('a;b', 'c')</c> or <c>EXCLUDES (…)</c> on a multi-select picklist.</summary>
internal sealed record MultiPicklistSyntax(FieldPathSyntax Field, bool Excludes, IReadOnlyList<SoqlToken> Values) : ConditionSyntax;

/// <summary>An aggregate function such as <c>COUNT(Id)</c>, <c>SUM(Quantity) total</c>.</summary>
internal sealed record AggregateSelectSyntax(string Function, FieldPathSyntax Field, string? Alias, int Offset) : SelectItemSyntax(Offset);
