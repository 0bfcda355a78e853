namespace CpqSync.Salesforce;

/// <summary>
/// A <c>LIKE</c> pattern whose caller-supplied part matches literally: <c>_</c> and <c>%</c> in it are escaped as
/// <c>\_</c> and <c>\%</c> (valid only in LIKE, which is why this is its own type), and the wildcards are ours.
/// </summary>
public sealed class SoqlLikePattern
{
    private SoqlLikePattern(string pattern) => Pattern = pattern;

    /// <summary>The pattern as it appears between the quotes, already escaped.</summary>
    public string Pattern { get; }

    public static SoqlLikePattern StartsWith(string value) => new(Escape(value) + "%");

    public static SoqlLikePattern EndsWith(string value) => new("%" + Escape(value));

    public static SoqlLikePattern Contains(string value) => new("%" + Escape(value) + "%");

    public static SoqlLikePattern Exactly(string value) => new(Escape(value));

    private static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SoqlLiteral.EscapeString(value).Replace("_", "\\_", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal);
    }

    public override string ToString() => "'" + Pattern + "'";
}
