using System.Globalization;

namespace CpqSync.Core.Mapping;

/// <summary>Quote payment term → <c>days_until_due</c> (docs/behaviour.md §4.6).</summary>
public static class PaymentTerms
{
    private static readonly int[] ReferenceNetDays = [15, 30, 45, 60, 90];

    /// <summary>Days until due, or null when the value is not a supported payment term.</summary>
    public static int? DaysUntilDue(object value, bool extended)
    {
        switch (value)
        {
            case decimal d when Amounts.IsWhole(d) && d >= 0:
                return (int)d;
            case decimal:
                return null;
            case string s:
                var text = s.Trim();
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
                {
                    return digits;
                }

                if (extended && string.Equals(text, "Due on Receipt", StringComparison.OrdinalIgnoreCase))
                {
                    return 0;
                }

                var rest = text.StartsWith("Net ", StringComparison.OrdinalIgnoreCase) || text.StartsWith("Net-", StringComparison.OrdinalIgnoreCase)
                    ? text[4..].Trim()
                    : null;
                if (rest is null || !int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var net))
                {
                    return null;
                }

                return extended ? (net <= 365 ? net : null) : (Array.IndexOf(ReferenceNetDays, net) >= 0 ? net : null);
            default:
                return null;
        }
    }
}
