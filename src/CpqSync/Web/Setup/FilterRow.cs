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

    /// <summary>The filter with its values as text, as a document read from JSON holds them before they are typed.</summary>
    public SyncFilter ToFilter() => new(ObjectName, Field, Operator, [.. Texts()]);

    /// <summary>The value split as the operator reads it: none, a comma-separated list, or the whole text as one value.</summary>
    public IReadOnlyList<string> Texts() => Operator switch
    {
        FilterOperator.IsNull or FilterOperator.IsNotNull => [],
        FilterOperator.In or FilterOperator.NotIn => Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        _ => [Value],
    };
}
