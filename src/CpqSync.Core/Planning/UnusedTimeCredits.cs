using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>
/// Credits for unused time (spec §7.9, lift #20): when an amendment removes seats, the rest of the billing period
/// already invoiced for them is credited as a negative invoice item, swept into the customer's next invoice.
/// </summary>
internal static class UnusedTimeCredits
{
    public static void Plan(PlanContext context, IReadOnlyList<OrderStep> steps, List<AggregatedLine> before, List<AggregatedLine> after,
        IReadOnlyDictionary<string, PlannedLine> priced)
    {
        if (!context.Settings.CreditUnusedTime || context.Settings.CpqTermUnit != "Month")
        {
            return;
        }

        var customer = context.Records.Follow(steps[0].Order, "Account")?.GetString("Stripe_ID__c");
        if (customer is null)
        {
            return;
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
            var amount = -(long)Math.Round(unused * removed, 0, MidpointRounding.AwayFromZero);
            if (amount == 0)
            {
                continue;
            }

            var metadata = context.Metadata(line.Line).Set(context.MarkerKey("credit"), "true");
            var parameters = new StripeParams()
                .Set("customer", customer)
                .Set("amount", amount)
                .Set("currency", planned.PriceParams.GetText("currency")!)
                .Set("description", $"Unused time on {removed} × {planned.Product.GetString("Name") ?? planned.Product.Id}")
                .Set("metadata", metadata);
            context.AddOperation($"credit:{context.Order.Id}:{line.Line.Id}", StripeOperationKind.CreateInvoiceItem, "/v1/invoiceitems", null,
                parameters, line.Line);
        }
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
