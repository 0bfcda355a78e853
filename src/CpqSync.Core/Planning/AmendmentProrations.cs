using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>Proration invoice items for prorated amendments (docs/behaviour.md §7.7, §7.8).</summary>
internal static class AmendmentProrations
{
    /// <summary>
    /// Prorated amendment (docs/behaviour.md §7.7, §7.8): for each line added by this amendment, a one-off price bills the months
    /// (and, with Monthly + Daily precision, days) not covered by a full billing cycle before the next one.
    /// </summary>
    /// <param name="contractStart">The initial order's start, from which billing cycles step.</param>
    public static IEnumerable<StripeParams> Items(PlanContext context, OrderStep step, DateOnly contractStart)
    {
        if (context.Settings.CpqTermUnit != "Month")
        {
            yield break;
        }

        var wholeMonths = AmendmentPlanner.WholeMonths(step.Start, step.EndExclusive);
        var extraDays = step.EndExclusive.DayNumber - step.Start.AddMonths(wholeMonths).DayNumber;
        var today = Dates.Today(context.Input.Now, context.Settings.TimeZone);
        foreach (var line in step.Priced.Where(static l => l.Recurring && !l.Metered && !l.Tiered))
        {
            var uncovered = wholeMonths % line.IntervalCount;
            var perPeriod = decimal.Parse(line.PriceParams.GetText("unit_amount_decimal")!, CultureInfo.InvariantCulture);
            var perMonth = perPeriod / line.IntervalCount;
            var amount = (perMonth * uncovered) + (perPeriod * ElapsedPeriods(contractStart, step.Start, today, line.IntervalCount));
            if (extraDays > 0)
            {
                amount += context.Settings.ProratePrecision == ProratePrecision.MonthlyDaily
                    ? perMonth / (365m / 12m) * extraDays
                    : perMonth;
            }

            if (amount <= 0)
            {
                continue;
            }

            yield return ProrationPrices.Item(context, line, amount, line.Quantity, "proration");
        }
    }

    /// <summary>
    /// A backdated amendment starts now (docs/behaviour.md §7.8), so the periods Stripe invoiced since its start were billed
    /// at the old quantities: the billing periods starting from the amendment's start up to today (the current one
    /// included), stepping from the contract start. A monthly amendment backdated two months bills three periods.
    /// </summary>
    private static int ElapsedPeriods(DateOnly contractStart, DateOnly start, DateOnly today, int frequencyMonths)
    {
        if (start >= today)
        {
            return 0;
        }

        var periods = 0;
        for (var k = 0; contractStart.AddMonths(k * frequencyMonths) <= today; k++)
        {
            if (contractStart.AddMonths(k * frequencyMonths) >= start)
            {
                periods++;
            }
        }

        return periods;
    }
}
