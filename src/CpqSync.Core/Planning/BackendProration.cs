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
    /// <param name="operationPrefix">Prefix of the proration price operation ids, unique per plan.</param>
    public static StripeParams Phase(PlanContext context, IReadOnlyList<(PlannedLine Line, long? Quantity)> lines, int uncoveredMonths,
        string phaseKey, string operationPrefix, List<ParamValue> clones, List<ParamValue> archived)
    {
        var prorations = new List<StripeParams>();
        foreach (var (line, quantity) in lines.Where(static l => !l.Line.Metered && !l.Line.Tiered))
        {
            var perPeriod = decimal.Parse(line.PriceParams.GetText("unit_amount_decimal")!, CultureInfo.InvariantCulture);
            var amount = perPeriod / line.IntervalCount * uncoveredMonths;
            var priceRef = ProrationPrices.Add(context, line, amount, $"{operationPrefix}{line.Line.Id}", backend: true);
            archived.Add(priceRef);

            var item = new StripeParams().Set("price", priceRef);
            if (quantity is not null)
            {
                item.Set("quantity", quantity.Value);
            }

            item.Set("metadata", new StripeParams().Set(context.MarkerKey("backend_proration"), "true"));
            item.Child("period").Child("start").Set("type", "phase_start");
            item.Child("period").Child("end").Set("type", "phase_end");
            prorations.Add(item);
        }

        return new StripeParams()
            .Set("items", PhaseBuilder.Items(context, lines, phaseKey, clones))
            .Set("add_invoice_items", prorations)
            .Set("proration_behavior", "none");
    }
}
