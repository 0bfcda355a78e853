namespace CpqSync.Salesforce;

/// <summary>
/// Entry point for building SOQL safely:
/// <c>Soql.Query($"SELECT {Soql.Fields(names)} FROM Order WHERE AccountId = {accountId} AND Status IN {statuses}")</c>.
/// </summary>
public static class Soql
{
    /// <summary>
    /// Builds a query from an interpolated string; each hole becomes a literal (see <see cref="SoqlLiteral.Format"/>),
    /// a validated name (<see cref="Identifier"/>, <see cref="Fields"/>), a LIKE pattern or an already built fragment.
    /// </summary>
    /// <remarks>Only interpolated strings convert to the handler, so a plain string variable cannot be passed by mistake.</remarks>
    public static SoqlQuery Query(ref SoqlInterpolatedStringHandler query) => query.ToQuery();

    /// <summary>A field or object name (dotted relationship paths allowed), validated.</summary>
    public static SoqlIdentifier Identifier(string name) => SoqlIdentifier.Create(name);

    /// <summary>A comma-separated list of validated field names.</summary>
    public static SoqlFieldList Fields(params IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var fields = names.Select(SoqlIdentifier.Create).ToList();
        return fields.Count > 0 ? new SoqlFieldList(fields) : throw new ArgumentException("A field list needs at least one field.", nameof(names));
    }
}
