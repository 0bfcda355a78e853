using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>
/// One-off prices that bill a prorated amount of a line's product once: sent inline (<c>price_data</c> of the invoice
/// item), so Stripe makes each for its item alone, inactive from the start, with no call or archiving of its own
/// (docs/behaviour.md §7.7, §4.5).
/// </summary>
internal static class ProrationPrices
{
    /// <summary>
    /// An <c>add_invoice_items</c> entry billing <paramref name="amount"/> (minor units, per unit) of the line's product,
    /// at <paramref name="quantity"/>, over its phase; its metadata names the line and <paramref name="marker"/>.
    /// </summary>
    public static StripeParams Item(PlanContext context, PlannedLine line, decimal amount, long? quantity, string marker)
    {
        var item = new StripeParams().Set("price_data", new StripeParams()
            .Set("currency", line.PriceParams.GetText("currency")!)
            .Set("product", (ParamValue)line.PriceParams.Get("product")!)
            .Set("unit_amount_decimal", Amounts.Format(amount)));
        if (quantity is not null)
        {
            item.Set("quantity", quantity.Value);
        }

        item.Set("metadata", context.Metadata(line.Line).Set(context.MarkerKey(marker), "true"));
        item.Child("period").Child("start").Set("type", "phase_start");
        item.Child("period").Child("end").Set("type", "phase_end");
        return item;
    }
}
