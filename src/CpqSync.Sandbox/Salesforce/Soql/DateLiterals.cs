namespace CpqSync.Sandbox.Salesforce.Soql;

/// <summary>
/// SOQL's relative date literals (<c>TODAY</c>, <c>LAST_N_DAYS:n</c>…) as half-open UTC ranges. Weeks start on
/// Sunday, as in the en_US locale the emulated org runs in.
/// </summary>
internal static class DateLiterals
{
    private static readonly HashSet<string> Plain = new(StringComparer.OrdinalIgnoreCase)
    {
        "TODAY", "YESTERDAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH", "THIS_MONTH", "NEXT_MONTH",
        "LAST_YEAR", "THIS_YEAR", "NEXT_YEAR", "LAST_90_DAYS", "NEXT_90_DAYS", "LAST_QUARTER", "THIS_QUARTER", "NEXT_QUARTER",
    };

    private static readonly HashSet<string> WithArgument = new(StringComparer.OrdinalIgnoreCase)
    {
        "LAST_N_DAYS", "NEXT_N_DAYS", "LAST_N_WEEKS", "NEXT_N_WEEKS", "LAST_N_MONTHS", "NEXT_N_MONTHS", "LAST_N_YEARS", "NEXT_N_YEARS",
        "LAST_N_QUARTERS", "NEXT_N_QUARTERS", "N_DAYS_AGO", "N_WEEKS_AGO", "N_MONTHS_AGO", "N_QUARTERS_AGO", "N_YEARS_AGO",
    };

    public static bool IsKnown(string name, out bool takesArgument)
    {
        takesArgument = WithArgument.Contains(name);
        return takesArgument || Plain.Contains(name);
    }

    /// <summary>The range [start, end) a literal covers on <paramref name="now"/>'s UTC day.</summary>
    public static (DateOnly Start, DateOnly End) Resolve(string name, int n, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var week = today.AddDays(-(int)today.DayOfWeek);
        var month = new DateOnly(today.Year, today.Month, 1);
        var year = new DateOnly(today.Year, 1, 1);
        var quarter = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return name.ToUpperInvariant() switch
        {
            "TODAY" => (today, today.AddDays(1)),
            "YESTERDAY" => (today.AddDays(-1), today),
            "TOMORROW" => (today.AddDays(1), today.AddDays(2)),
            "LAST_WEEK" => (week.AddDays(-7), week),
            "THIS_WEEK" => (week, week.AddDays(7)),
            "NEXT_WEEK" => (week.AddDays(7), week.AddDays(14)),
            "LAST_MONTH" => (month.AddMonths(-1), month),
            "THIS_MONTH" => (month, month.AddMonths(1)),
            "NEXT_MONTH" => (month.AddMonths(1), month.AddMonths(2)),
            "LAST_YEAR" => (year.AddYears(-1), year),
            "THIS_YEAR" => (year, year.AddYears(1)),
            "NEXT_YEAR" => (year.AddYears(1), year.AddYears(2)),
            // "Starts 00:00:00 of the current day and continues for the past n days": today is included.
            "LAST_90_DAYS" => (today.AddDays(-90), today.AddDays(1)),
            "LAST_N_DAYS" => (today.AddDays(-n), today.AddDays(1)),
            // "Starts 00:00:00 of the next day and continues for the next n days": today is not included.
            "NEXT_90_DAYS" => (today.AddDays(1), today.AddDays(91)),
            "NEXT_N_DAYS" => (today.AddDays(1), today.AddDays(n + 1)),
            "LAST_N_WEEKS" => (week.AddDays(-7 * n), week),
            "NEXT_N_WEEKS" => (week.AddDays(7), week.AddDays(7 * (n + 1))),
            // Whole months before the current one; the current month is not included.
            "LAST_N_MONTHS" => (month.AddMonths(-n), month),
            "NEXT_N_MONTHS" => (month.AddMonths(1), month.AddMonths(n + 1)),
            "LAST_N_YEARS" => (year.AddYears(-n), year),
            "NEXT_N_YEARS" => (year.AddYears(1), year.AddYears(n + 1)),
            "LAST_QUARTER" => (quarter.AddMonths(-3), quarter),
            "THIS_QUARTER" => (quarter, quarter.AddMonths(3)),
            "NEXT_QUARTER" => (quarter.AddMonths(3), quarter.AddMonths(6)),
            "LAST_N_QUARTERS" => (quarter.AddMonths(-3 * n), quarter),
            "NEXT_N_QUARTERS" => (quarter.AddMonths(3), quarter.AddMonths(3 * (n + 1))),
            // N_x_AGO: the one whole day, week, month, quarter or year n units back.
            "N_DAYS_AGO" => (today.AddDays(-n), today.AddDays(1 - n)),
            "N_WEEKS_AGO" => (week.AddDays(-7 * n), week.AddDays(-7 * (n - 1))),
            "N_MONTHS_AGO" => (month.AddMonths(-n), month.AddMonths(1 - n)),
            "N_QUARTERS_AGO" => (quarter.AddMonths(-3 * n), quarter.AddMonths(3 * (1 - n))),
            "N_YEARS_AGO" => (year.AddYears(-n), year.AddYears(1 - n)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a SOQL date literal."),
        };
    }
}
