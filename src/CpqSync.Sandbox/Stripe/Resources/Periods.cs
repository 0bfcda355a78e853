namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>Calendar arithmetic on Unix timestamps, the way Stripe bills: months keep the anchor's day where they can.</summary>
internal static class Periods
{
    public static long Add(long start, string interval, long count)
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(start);
        var to = interval switch
        {
            "day" => from.AddDays(count),
            "week" => from.AddDays(7 * count),
            "month" => from.AddMonths((int)count),
            "year" => from.AddYears((int)count),
            _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Not a Stripe interval."),
        };
        return to.ToUnixTimeSeconds();
    }

    /// <summary>The billing period around <paramref name="now"/> for a cycle anchored at <paramref name="anchor"/>.</summary>
    public static (long Start, long End) Current(long anchor, string interval, long count, long now)
    {
        var start = anchor;
        var end = Add(anchor, interval, count);
        for (var cycles = 1; end <= now && cycles < 100_000; cycles++)
        {
            start = end;
            end = Add(anchor, interval, count * (cycles + 1));
        }

        return (start, end);
    }
}
