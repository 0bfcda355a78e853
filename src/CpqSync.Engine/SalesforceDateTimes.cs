using System.Globalization;

namespace CpqSync.Engine;

/// <summary>Reads the datetimes Salesforce's REST API returns.</summary>
internal static class SalesforceDateTimes
{
    /// <summary>Salesforce writes datetimes as <c>2026-01-31T09:00:00.000+0000</c> (no colon in the offset).</summary>
    public static DateTimeOffset Parse(string text)
    {
        var normalised = text.Length > 5 && text[^5] is '+' or '-' && !text[^5..].Contains(':', StringComparison.Ordinal)
            ? text[..^2] + ":" + text[^2..]
            : text;
        return DateTimeOffset.Parse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
    }
}
