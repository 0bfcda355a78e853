using CpqSync.Sandbox.Salesforce.Soql;

namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class DateLiteralTests
{
    // Wednesday 2026-11-25, late in the day UTC: the ranges are UTC days whatever the hour.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("TODAY", 0, "2026-11-25", "2026-11-26")]
    [InlineData("YESTERDAY", 0, "2026-11-24", "2026-11-25")]
    [InlineData("TOMORROW", 0, "2026-11-26", "2026-11-27")]
    [InlineData("LAST_WEEK", 0, "2026-11-15", "2026-11-22")]
    [InlineData("THIS_WEEK", 0, "2026-11-22", "2026-11-29")]
    [InlineData("NEXT_WEEK", 0, "2026-11-29", "2026-12-06")]
    [InlineData("LAST_MONTH", 0, "2026-10-01", "2026-11-01")]
    [InlineData("THIS_MONTH", 0, "2026-11-01", "2026-12-01")]
    [InlineData("NEXT_MONTH", 0, "2026-12-01", "2027-01-01")]
    [InlineData("THIS_YEAR", 0, "2026-01-01", "2027-01-01")]
    [InlineData("THIS_QUARTER", 0, "2026-10-01", "2027-01-01")]
    [InlineData("LAST_90_DAYS", 0, "2026-08-27", "2026-11-26")]
    [InlineData("LAST_N_DAYS", 1, "2026-11-24", "2026-11-26")]
    [InlineData("NEXT_N_DAYS", 2, "2026-11-26", "2026-11-28")]
    [InlineData("LAST_N_MONTHS", 2, "2026-09-01", "2026-11-01")]
    [InlineData("N_DAYS_AGO", 3, "2026-11-22", "2026-11-23")]
    public void Literals_cover_documented_ranges(string name, int n, string start, string end)
    {
        var (from, to) = DateLiterals.Resolve(name, n, Now);

        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), from);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), to);
    }
}
