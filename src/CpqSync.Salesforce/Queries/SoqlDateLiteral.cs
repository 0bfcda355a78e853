using System.Globalization;

namespace CpqSync.Salesforce;

/// <summary>A relative date range such as <c>TODAY</c> or <c>LAST_N_DAYS:7</c>, evaluated by Salesforce in the org's time zone.</summary>
public sealed class SoqlDateLiteral
{
    private SoqlDateLiteral(string text) => Text = text;

    public string Text { get; }

    public static SoqlDateLiteral Yesterday { get; } = new("YESTERDAY");

    public static SoqlDateLiteral Today { get; } = new("TODAY");

    public static SoqlDateLiteral Tomorrow { get; } = new("TOMORROW");

    public static SoqlDateLiteral LastNDays(int days) => WithCount("LAST_N_DAYS", days);

    public static SoqlDateLiteral NextNDays(int days) => WithCount("NEXT_N_DAYS", days);

    private static SoqlDateLiteral WithCount(string name, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return new SoqlDateLiteral(name + ":" + n.ToString(CultureInfo.InvariantCulture));
    }

    public override string ToString() => Text;
}
