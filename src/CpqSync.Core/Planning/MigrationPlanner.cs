using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>
/// "Migrate existing contracts" (docs/behaviour.md §4.3): a pre-integration order becomes a Subscription backdated to the order
/// start whose billing cycle is anchored at the next cycle boundary after now, so periods already paid outside
/// Stripe are not billed again; a schedule is then created from it to end the contract on time.
/// </summary>
internal static class MigrationPlanner
{
    public static void Plan(PlanContext context, OrderFacts facts, ParamValue customer, IReadOnlyList<PlannedLine> lines)
    {
        var order = context.Order;
        var recurring = lines.Where(static l => l.Recurring).ToList();
        var oneTime = lines.Where(static l => !l.Recurring && l.CreditAmount is null).ToList();
        PhaseBuilder.Validate(context, recurring);
        var start = facts.StartDate(context);
        var frequency = recurring.Count > 0 ? recurring[0].IntervalCount : 1;

        var clones = new List<ParamValue>();
        var subscription = new StripeParams()
            .Set("customer", customer)
            .Set("items", PhaseBuilder.Items(context, recurring.Select(static l => (l, l.Quantity)), "0", clones))
            .Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime))
            .Set("proration_behavior", "none")
            .Set("backdate_start_date", context.Timestamp(start))
            .Set("billing_cycle_anchor", NextCycleBoundary(context, start, frequency));
        if (facts.DaysUntilDue(context, order) is { } days)
        {
            subscription.Set("collection_method", "send_invoice").Set("days_until_due", days);
        }

        var metadata = context.Metadata(order).Set(context.MarkerKey("pre_integration_order"), "true");
        subscription.Set("metadata", metadata);
        FieldMappingApplier.Apply(context, StripeObjectKeys.Subscription, subscription, order);
        var created = context.AddOperation($"subscription:{order.Id}", StripeOperationKind.CreateSubscription, "/v1/subscriptions", null,
            subscription, order);

        // Stripe accepts nothing but from_subscription on such a create; the end behaviour follows in an update.
        var schedule = context.AddOperation($"subscription_schedule:{order.Id}", StripeOperationKind.CreateSubscriptionSchedule,
            "/v1/subscription_schedules", null, new StripeParams().Set("from_subscription", created), order);
        context.AddOperation($"subscription_schedule_settings:{order.Id}", StripeOperationKind.UpdateSubscriptionSchedule,
            "/v1/subscription_schedules/{id}", schedule, new StripeParams().Set("end_behavior", "cancel").Set("metadata", metadata.DeepClone()), order);
        context.WriteBackId(order, schedule, "subscription_schedules");
        PhaseBuilder.Archive(context, lines.Where(static l => l.AutoArchive).Select(static l => l.Price).Concat(clones));
    }

    /// <summary>
    /// The first billing-cycle boundary after now, stepping from the start by the billing frequency; each step is
    /// taken from the start date so a 31st start stays on the 31st where the month allows (≤ 3-day shift).
    /// </summary>
    private static long NextCycleBoundary(PlanContext context, DateOnly start, int frequencyMonths)
    {
        var now = context.Input.Now.ToUnixTimeSeconds();
        for (var k = 1; ; k++)
        {
            var boundary = context.Timestamp(start.AddMonths(k * frequencyMonths));
            if (boundary > now)
            {
                return boundary;
            }
        }
    }
}
