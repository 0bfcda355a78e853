namespace CpqSync.Core.Mapping;

/// <summary>Salesforce dates → Stripe timestamps: 00:00 of the day in the connection's time zone (docs/behaviour.md §4.3).</summary>
public static class Dates
{
    public static long ToTimestamp(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeSeconds();
    }

    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> when <paramref name="to"/> is exactly that many months later.</summary>
    public static int? WholeMonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return from.AddMonths(months) == to ? months : null;
    }
}
