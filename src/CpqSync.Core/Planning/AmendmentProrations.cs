using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>Proration invoice items for prorated amendments (spec §7.7, §7.8).</summary>
internal static class AmendmentProrations
{
    /// <summary>
    /// Prorated amendment (spec §7.7, §7.8): for each line added by this amendment, a one-off price bills the months
    /// (and, with Monthly + Daily precision, days) not covered by a full billing cycle before the next one.
    /// </summary>
    public static IEnumerable<StripeParams> Items(PlanContext context, OrderStep step, List<ParamValue> archived)
    {
        if (context.Settings.CpqTermUnit != "Month")
        {
            yield break;
        }

        var wholeMonths = AmendmentPlanner.WholeMonths(step.Start, step.EndExclusive);
        var extraDays = step.EndExclusive.DayNumber - step.Start.AddMonths(wholeMonths).DayNumber;
        foreach (var line in step.Priced.Where(static l => l.Recurring && !l.Metered && !l.Tiered))
        {
            var uncovered = wholeMonths % line.IntervalCount;
            var perPeriod = decimal.Parse(line.PriceParams.GetText("unit_amount_decimal")!, CultureInfo.InvariantCulture);
            var perMonth = perPeriod / line.IntervalCount;
            var amount = perMonth * uncovered;
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

            var priceRef = ProrationPrices.Add(context, line, amount, $"proration_price:{line.Line.Id}", backend: false);
            archived.Add(priceRef);
            var item = new StripeParams().Set("price", priceRef);
            if (line.Quantity is not null)
            {
                item.Set("quantity", line.Quantity.Value);
            }

            item.Set("metadata", new StripeParams().Set(context.MarkerKey("proration"), "true"));
            item.Child("period").Child("start").Set("type", "phase_start");
            item.Child("period").Child("end").Set("type", "phase_end");
            yield return item;
        }
    }
}
