using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>
/// Credits for unused time (docs/behaviour.md §7.9, lift #20): when an amendment removes seats, the rest of the billing
/// period already invoiced for them is credited by a negative one-time item of the amendment's own phase, so it is
/// billed when the reduction takes effect, never before (a future-dated reduction is not credited early).
/// </summary>
/// <remarks>
/// A full termination is not credited (documented choice, docs/behaviour.md §7.9, as the reference does): it ends the
/// schedule instead of adding a phase, so there is no phase to carry the credit.
/// </remarks>
internal static class UnusedTimeCredits
{
    /// <summary>The new phase's credit items (<c>add_invoice_items</c> with negative <c>price_data</c>), empty when off.</summary>
    public static List<StripeParams> Items(PlanContext context, IReadOnlyList<OrderStep> steps, List<AggregatedLine> before, List<AggregatedLine> after,
        IReadOnlyDictionary<string, PlannedLine> priced)
    {
        var items = new List<StripeParams>();
        if (!context.Settings.CreditUnusedTime || context.Settings.CpqTermUnit != "Month")
        {
            return items;
        }

        var start = steps[^1].Start;
        foreach (var line in before)
        {
            var removed = line.Quantity - (after.FirstOrDefault(a => a.Line.Id == line.Line.Id)?.Quantity ?? 0);
            if (removed <= 0 || !priced.TryGetValue(line.Line.Id, out var planned) || planned.Metered || planned.Tiered || !planned.Recurring)
            {
                continue;
            }

            var perPeriod = decimal.Parse(planned.PriceParams.GetText("unit_amount_decimal")!, CultureInfo.InvariantCulture);
            var perMonth = perPeriod / planned.IntervalCount;
            var boundary = NextBoundary(steps[0].Start, start, planned.IntervalCount);
            if (boundary.AddMonths(-planned.IntervalCount) == start)
            {
                // Starting on a cycle boundary: the new period is invoiced with the new quantities, nothing unused.
                continue;
            }

            var months = AmendmentPlanner.WholeMonths(start, boundary);
            var days = boundary.DayNumber - start.AddMonths(months).DayNumber;
            var unused = (perMonth * months) + (days == 0 ? 0 : context.Settings.ProratePrecision == ProratePrecision.MonthlyDaily
                ? perMonth / (365m / 12m) * days
                : perMonth);
            // Per seat to 12 decimal places: Stripe rounds seats × per-seat credit once, to the cent.
            var perSeat = Math.Round(unused, 12, MidpointRounding.AwayFromZero);
            if (perSeat == 0)
            {
                continue;
            }

            var item = new StripeParams();
            item.Child("price_data")
                .Set("currency", planned.PriceParams.GetText("currency")!)
                .Set("product", (ParamValue)planned.PriceParams.Get("product")!)
                .Set("unit_amount_decimal", Amounts.Format(-perSeat));
            item.Set("quantity", removed);
            item.Set("metadata", context.Metadata(line.Line).Set(context.MarkerKey("credit"), "true"));
            item.Child("period").Child("start").Set("type", "phase_start");
            item.Child("period").Child("end").Set("type", "phase_end");
            items.Add(item);
        }

        return items;
    }

    /// <summary>The first billing-cycle boundary after <paramref name="date"/>, stepping from the contract start.</summary>
    private static DateOnly NextBoundary(DateOnly contractStart, DateOnly date, int frequencyMonths)
    {
        for (var k = 1; ; k++)
        {
            var boundary = contractStart.AddMonths(k * frequencyMonths);
            if (boundary > date)
            {
                return boundary;
            }
        }
    }
}
