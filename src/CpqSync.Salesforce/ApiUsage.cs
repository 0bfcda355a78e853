using System.Globalization;

namespace CpqSync.Salesforce;

/// <summary>The org's daily API request count, as Salesforce reports it on every response (<c>Sforce-Limit-Info: api-usage=18/15000</c>).</summary>
public sealed record ApiUsage(long Used, long Max)
{
    public long Remaining => Math.Max(0, Max - Used);

    internal static ApiUsage? Parse(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        // The header may list several counters ("api-usage=18/15000, per-app-api-usage=2/250(appName=x)").
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!part.StartsWith("api-usage=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = part["api-usage=".Length..];
            var slash = value.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0
                && long.TryParse(value[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var used)
                && long.TryParse(value[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                return new ApiUsage(used, max);
            }
        }

        return null;
    }
}

/// <summary>One entry of the <c>limits</c> resource, such as <c>DailyApiRequests</c>.</summary>
public sealed record SalesforceLimit(long Max, long Remaining);
