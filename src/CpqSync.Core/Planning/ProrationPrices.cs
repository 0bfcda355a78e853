using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>One-off prices that bill a prorated amount of a line's product once, then are archived.</summary>
internal static class ProrationPrices
{
    /// <summary>Adds the price's create operation and returns the reference to it.</summary>
    /// <param name="backend">Marks a backend proration (docs/behaviour.md §4.5) as well as a proration (§7.7).</param>
    public static ParamValue Add(PlanContext context, PlannedLine line, decimal amount, string operationId, bool backend)
    {
        var metadata = context.Metadata(line.Line).Set(context.MarkerKey("proration"), "true");
        if (backend)
        {
            metadata.Set(context.MarkerKey("backend_proration"), "true");
        }

        metadata.Set(context.MarkerKey("auto_archive"), "true");
        var price = new StripeParams()
            .Set("currency", line.PriceParams.GetText("currency")!)
            .Set("unit_amount_decimal", Amounts.Format(amount))
            .Set("product", (ParamValue)line.PriceParams.Get("product")!)
            .Set("metadata", metadata);
        // A one-off price per plan: a later amendment rebuilding the same proration must not get the archived one back.
        return context.AddOperation(operationId, StripeOperationKind.CreatePrice, "/v1/prices", null, price, line.Line,
            keyScope: $"{context.Order.Id}/{operationId}");
    }
}
