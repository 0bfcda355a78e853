namespace CpqSync.Engine.Filters;

/// <summary>
/// One condition of the sync preferences ("Custom Order Sync Conditions"), held as structure rather than SOQL text so
/// it can be validated against describe and compiled with every value as a literal.
/// </summary>
/// <param name="ObjectName">The object it filters: <c>Order</c>, <c>Account</c>, <c>Product2</c> or <c>PricebookEntry</c>.</param>
/// <param name="Field">A field of that object (no relationship paths).</param>
/// <param name="Values">
/// Typed values: <see cref="string"/> for text, picklist, id and reference fields; a number (<see cref="int"/>,
/// <see cref="long"/>, <see cref="decimal"/>, <see cref="double"/>) for numeric fields; <see cref="bool"/>;
/// <see cref="DateOnly"/> for date fields; <see cref="DateTimeOffset"/> for datetime fields.
/// </param>
public sealed record SyncFilter(string ObjectName, string Field, FilterOperator Operator, IReadOnlyList<object> Values)
{
    /// <summary>A filter with zero or more values.</summary>
    public static SyncFilter Create(string objectName, string field, FilterOperator op, params object[] values) =>
        new(objectName, field, op, values);

    /// <summary>How errors name the filter, for example <c>Order.Status EqualTo</c>.</summary>
    public string DisplayName => $"{ObjectName}.{Field} {Operator}";

    public override string ToString() => DisplayName;
}
