using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>A termed initial order → one subscription schedule (docs/behaviour.md §4).</summary>
internal static class SchedulePlanner
{
    public static void Plan(PlanContext context, OrderFacts facts, ParamValue customer, IReadOnlyList<PlannedLine> lines)
    {
        var order = context.Order;
        var start = facts.StartDate(context);
        var term = facts.Term(context);
        var end = OrderFacts.AddTerm(context, start, term);
        var recurring = lines.Where(static l => l.Recurring).ToList();
        var oneTime = lines.Where(static l => !l.Recurring && l.CreditAmount is null).ToList();
        PhaseBuilder.Validate(context, recurring);

        var startTimestamp = context.Timestamp(start);
        var schedule = new StripeParams()
            .Set("customer", customer)
            .Set("start_date", startTimestamp)
            .Set("end_behavior", "cancel");
        AddPaymentTerms(context, schedule.Child("default_settings"), facts.DaysUntilDue(context, order));
        schedule.Set("metadata", context.Metadata(order));

        var clones = new List<ParamValue>();
        var frequency = recurring[0].IntervalCount;
        var remainder = BackendProration.UncoveredMonths(context, term, frequency);
        var firstEnd = remainder == 0 ? end : start.AddMonths(term - remainder);

        var first = new StripeParams()
            .Set("items", PhaseBuilder.Items(context, recurring.Select(static l => (l, l.Quantity)), "0", clones))
            .Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime, facts))
            .Set("end_date", context.Timestamp(firstEnd));
        if (startTimestamp >= context.Input.Now.ToUnixTimeSeconds())
        {
            // Future start: nothing to prorate. Backdated: Stripe's default bills the full first period (docs/behaviour.md §4.3).
            first.Set("proration_behavior", "none");
        }

        var discounts = CouponPlanner.ForOrder(context, order, facts.Quote, facts.Currency);
        if (discounts.Count > 0)
        {
            first.Set("discounts", discounts);
        }

        first.Set("metadata", context.Metadata(order));
        var phases = new List<StripeParams> { first };
        if (remainder > 0)
        {
            var second = BackendProration.Phase(context, recurring.Select(static l => (l, l.Quantity)).ToList(), remainder, "1", clones)
                .Set("end_date", context.Timestamp(end));
            if (discounts.Count > 0)
            {
                second.Set("discounts", discounts.Select(static d => d.DeepClone()).ToList());
            }

            second.Set("metadata", context.Metadata(order).Set(context.MarkerKey("backend_proration"), "true"));
            phases.Add(second);
        }

        schedule.Set("phases", phases);
        FieldMappingApplier.Apply(context, StripeObjectKeys.SubscriptionSchedule, schedule, order);
        foreach (var phase in phases)
        {
            // The term is expressed as end_date; Stripe rejects a phase with both (docs/behaviour.md §4.5).
            phase.Remove("iterations");
        }

        var created = context.AddOperation($"subscription_schedule:{order.Id}", StripeOperationKind.CreateSubscriptionSchedule,
            "/v1/subscription_schedules", null, schedule, order);
        context.WriteBackId(order, created, "subscription_schedules");
        PhaseBuilder.Credits(context, lines.Where(static l => l.CreditAmount is not null), customer, facts.Currency, invoice: null);
        PhaseBuilder.Archive(context, lines.Where(static l => l.AutoArchive).Select(static l => l.Price).Concat(clones));
    }

    public static void AddPaymentTerms(PlanContext context, StripeParams settings, int? daysUntilDue)
    {
        if (daysUntilDue is null)
        {
            return;
        }

        // days_until_due only applies to invoices sent for payment: no payment method is collected (docs/behaviour.md §13 #3).
        settings.Set("collection_method", "send_invoice");
        settings.Child("invoice_settings").Set("days_until_due", daysUntilDue.Value);
    }

}
