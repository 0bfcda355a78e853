using System.Globalization;
using CpqSync.Engine.Filters;

namespace CpqSync.Web.Setup;

/// <summary>
/// One filter as the preferences form holds it: an object, a field, an operator and the value as typed. Lists
/// (<c>IN</c>, <c>NOT IN</c>) separate values with commas.
/// </summary>
public sealed record FilterRow(string ObjectName, string Field, FilterOperator Operator, string Value)
{
    public static FilterRow From(SyncFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var values = filter.Values.Select(static v => v switch
        {
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
        });
        return new FilterRow(filter.ObjectName, filter.Field, filter.Operator, string.Join(", ", values));
    }

    /// <summary>Whether the operator takes no value (<c>IS NULL</c>, <c>IS NOT NULL</c>).</summary>
    public bool TakesNoValue => Operator is FilterOperator.IsNull or FilterOperator.IsNotNull;

    /// <summary>Whether the operator takes a comma-separated list.</summary>
    public bool TakesList => Operator is FilterOperator.In or FilterOperator.NotIn;

    /// <summary>The value split as the operator reads it: none, a list, or the whole text as one value.</summary>
    public IReadOnlyList<string> Texts() =>
        TakesNoValue ? []
        : TakesList ? Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        : [Value];
}
