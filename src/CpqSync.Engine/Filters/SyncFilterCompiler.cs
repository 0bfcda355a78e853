using CpqSync.Salesforce;

namespace CpqSync.Engine.Filters;

/// <summary>
/// Turns filters into SOQL conditions through <see cref="Soql.Query"/>: the field name is a validated identifier and
/// every value a literal, so no value can change a query's shape.
/// </summary>
public static class SyncFilterCompiler
{
    /// <summary>
    /// One filter as a parenthesised condition; <paramref name="pathPrefix"/> reaches the filter's object from the
    /// queried one (<c>""</c> on the object itself, <c>"Order."</c> from an order line).
    /// </summary>
    /// <remarks>Validate first (<see cref="SyncFilterValidator"/>): this checks only what safety needs.</remarks>
    public static SoqlQuery Compile(SyncFilter filter, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var field = Soql.Identifier(pathPrefix + filter.Field);
        var values = filter.Values;
        return filter.Operator switch
        {
            FilterOperator.EqualTo => Soql.Query($"({field} = {Single(values)})"),
            FilterOperator.NotEqualTo => Soql.Query($"({field} != {Single(values)})"),
            FilterOperator.LessThan => Soql.Query($"({field} < {Single(values)})"),
            FilterOperator.LessThanOrEqualTo => Soql.Query($"({field} <= {Single(values)})"),
            FilterOperator.GreaterThan => Soql.Query($"({field} > {Single(values)})"),
            FilterOperator.GreaterThanOrEqualTo => Soql.Query($"({field} >= {Single(values)})"),
            FilterOperator.In => Soql.Query($"({field} IN {NonEmpty(values)})"),
            FilterOperator.NotIn => Soql.Query($"({field} NOT IN {NonEmpty(values)})"),
            FilterOperator.Like => Soql.Query($"({field} LIKE {Text(values)})"),
            FilterOperator.StartsWith => Soql.Query($"({field} LIKE {SoqlLikePattern.StartsWith(Text(values))})"),
            FilterOperator.IsNull => Soql.Query($"({field} = {null})"),
            FilterOperator.IsNotNull => Soql.Query($"({field} != {null})"),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown filter operator."),
        };
    }

    /// <summary>Conditions joined with <c>AND</c>; <see langword="null"/> when there are none.</summary>
    public static SoqlQuery? And(IEnumerable<SoqlQuery> conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        SoqlQuery? result = null;
        foreach (var condition in conditions)
        {
            result = result is null ? condition : Soql.Query($"{result} AND {condition}");
        }

        return result;
    }

    private static object Single(IReadOnlyList<object> values) =>
        values.Count == 1 ? values[0] : throw new ArgumentException("The operator takes exactly one value.", nameof(values));

    private static IReadOnlyList<object> NonEmpty(IReadOnlyList<object> values) =>
        values.Count > 0 ? values : throw new ArgumentException("IN needs at least one value.", nameof(values));

    private static string Text(IReadOnlyList<object> values) =>
        Single(values) as string ?? throw new ArgumentException("LIKE takes a text value.", nameof(values));
}
