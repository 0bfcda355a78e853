using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>How SOQL compares stored values: text case-insensitively, ids as 18-character ids, numbers as decimals.</summary>
internal static class SoqlValues
{
    /// <summary>Orders two non-null values of a field of <paramref name="type"/>.</summary>
    public static int Compare(object left, object right, FieldType type) => (left, right) switch
    {
        (string a, string b) when type is FieldType.Id or FieldType.Reference =>
            string.CompareOrdinal(NormalizeId(a), NormalizeId(b)),
        (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
        (decimal a, decimal b) => a.CompareTo(b),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (DateOnly a, DateTimeOffset b) => ToInstant(a).CompareTo(b),
        (DateTimeOffset a, DateOnly b) => a.CompareTo(ToInstant(b)),
        _ => string.Compare(Convert.ToString(left, System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToString(right, System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase),
    };

    public static string NormalizeId(string id) => id.Length == 15 ? SalesforceId.Normalize(id) ?? id : id;

    public static DateTimeOffset ToInstant(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>A stored date or datetime as an instant (dates at 00:00 UTC), or null for anything else.</summary>
    public static DateTimeOffset? AsInstant(object? value) => value switch
    {
        DateOnly date => ToInstant(date),
        DateTimeOffset dateTime => dateTime,
        _ => null,
    };
}
