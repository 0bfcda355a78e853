using System.Globalization;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>
/// Backend proration (docs/behaviour.md §4.5): when the term is longer than the billing frequency but not a multiple of it, a
/// last phase with the same items bills the uncovered months once through one-off proration prices.
/// </summary>
internal static class BackendProration
{
    /// <summary>Months left after the last full billing cycle, or 0 when the term needs no backend proration.</summary>
    public static int UncoveredMonths(PlanContext context, int term, int frequencyMonths) =>
        context.Settings.CpqTermUnit == "Month" && term > frequencyMonths ? term % frequencyMonths : 0;

    /// <summary>The proration phase (without dates) for <paramref name="lines"/> at their quantities.</summary>
    public static StripeParams Phase(PlanContext context, IReadOnlyList<(PlannedLine Line, long? Quantity)> lines, int uncoveredMonths,
        string phaseKey, List<ParamValue> clones)
    {
        var prorations = new List<StripeParams>();
        foreach (var (line, quantity) in lines.Where(static l => !l.Line.Metered && !l.Line.Tiered))
        {
            var perPeriod = decimal.Parse(line.PriceParams.GetText("unit_amount_decimal")!, CultureInfo.InvariantCulture);
            var amount = perPeriod / line.IntervalCount * uncoveredMonths;
            prorations.Add(ProrationPrices.Item(context, line, amount, quantity, "backend_proration"));
        }

        return new StripeParams()
            .Set("items", PhaseBuilder.Items(context, lines, phaseKey, clones))
            .Set("add_invoice_items", prorations)
            .Set("proration_behavior", "none");
    }
}
