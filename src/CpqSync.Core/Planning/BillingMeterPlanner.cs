using System.Text;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>
/// The billing meter a metered price bills (Stripe requires <c>recurring[meter]</c> on <c>usage_type=metered</c>
/// prices since API version 2025-03-31.basil): one per metered product, named by an event name derived from the
/// product so every order of the product shares it.
/// </summary>
/// <remarks>
/// A second order of the same product plans the meter's creation again: the planner never calls Stripe and
/// Salesforce has no field to keep the meter id in. The idempotency key alone cannot make that safe (Stripe forgets
/// keys after 24 hours, and renaming the product changes the parameters and so the key), so the meter's event name
/// is its natural key: Stripe allows one active meter per event name, and the applier reuses the active meter with
/// that event name instead of creating a second one.
/// </remarks>
internal static class BillingMeterPlanner
{
    private const int MaxEventName = 100;
    private const int MaxDisplayName = 250;

    /// <summary>
    /// Points a metered price at its product's meter, planning the meter first. A price that is not metered, or
    /// whose meter a custom mapping already names, is left as it is.
    /// </summary>
    public static void Attach(PlanContext context, StripeParams price, SfRecord product)
    {
        if (price.Get("recurring") is not StripeParams recurring
            || recurring.GetText("usage_type") != "metered"
            || recurring.Get("meter") is not null)
        {
            return;
        }

        recurring.Set("meter", Ensure(context, product));
    }

    private static ParamValue Ensure(PlanContext context, SfRecord product)
    {
        var operationId = $"meter:{product.Id}";
        if (context.HasOperation(operationId))
        {
            return ParamValue.Reference(operationId);
        }

        var name = product.GetString("Name") ?? product.Id;
        var parameters = new StripeParams()
            .Set("display_name", name.Length > MaxDisplayName ? name[..MaxDisplayName] : name)
            .Set("event_name", EventName(context.Settings.MetadataPrefix, product.Id))
            // Usage reported per period adds up, as CPQ's quantity-based usage does; Stripe's defaults map events to
            // customers by stripe_customer_id and read the amount from value.
            .Set("default_aggregation", new StripeParams().Set("formula", "sum"));
        return context.AddOperation(operationId, StripeOperationKind.CreateBillingMeter, "/v1/billing/meters", null, parameters, product);
    }

    /// <summary>
    /// <c>{prefix}{Product2 id}</c>, e.g. <c>salesforce_01t5e000003AbCdAAK</c>: the id is case-sensitive, so it is kept
    /// as it is. Stripe documents only a length limit (100 characters; the id is kept whole when the prefix is long),
    /// so to be safe wherever usage is reported from, characters other than ASCII letters, digits and underscores (a
    /// configured prefix may hold any) become underscores.
    /// </summary>
    internal static string EventName(string prefix, string productId)
    {
        var builder = new StringBuilder(prefix.Length + productId.Length);
        foreach (var c in prefix + productId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var name = builder.ToString();
        return name.Length <= MaxEventName ? name : name[(name.Length - MaxEventName)..];
    }
}
