using System.Globalization;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Renders auto-number values: <c>Q-{00000}</c> with 7 gives <c>Q-00007</c>.</summary>
internal static class AutoNumberFormat
{
    public static string Format(string? displayFormat, long number)
    {
        var format = displayFormat ?? "{0000000000}";
        var open = format.IndexOf('{', StringComparison.Ordinal);
        var close = format.IndexOf('}', StringComparison.Ordinal);
        if (open < 0 || close < open)
        {
            return format + number.ToString(CultureInfo.InvariantCulture);
        }

        var digits = close - open - 1;
        return format[..open] + number.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + format[(close + 1)..];
    }
}
