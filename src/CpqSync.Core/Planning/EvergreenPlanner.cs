using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>An evergreen order → a Subscription, or a one-phase schedule released at a future start (docs/behaviour.md §5).</summary>
internal static class EvergreenPlanner
{
    public static void Validate(PlanContext context, OrderFacts facts, IReadOnlyList<PlannedLine> lines)
    {
        var recurring = lines.Where(static l => l.Recurring).ToList();
        if (recurring.Any(static l => !l.Evergreen))
        {
            throw context.Failure(SyncErrorCode.EvergreenMixed, context.Order, "SBQQ__SubscriptionType__c");
        }

        var quoteTerm = facts.Quote.GetDecimal("SBQQ__SubscriptionTerm__c");
        foreach (var line in recurring)
        {
            var lineTerm = line.Line.GetDecimal("SBQQ__SubscriptionTerm__c");
            var defaultTerm = line.Line.GetDecimal("SBQQ__DefaultSubscriptionTerm__c");
            if ((lineTerm is not null && lineTerm != 1) || (defaultTerm is not null && defaultTerm != 1))
            {
                throw context.Failure(SyncErrorCode.EvergreenTermNotOne, line.Line, "SBQQ__SubscriptionTerm__c");
            }
        }

        if (quoteTerm is not null && quoteTerm != 1)
        {
            throw context.Failure(SyncErrorCode.EvergreenTermNotOne, facts.Quote, "SBQQ__SubscriptionTerm__c");
        }
    }

    public static PlanShape Plan(PlanContext context, OrderFacts facts, ParamValue customer, IReadOnlyList<PlannedLine> lines)
    {
        Validate(context, facts, lines);
        var order = context.Order;
        var recurring = lines.Where(static l => l.Recurring).ToList();
        var oneTime = lines.Where(static l => !l.Recurring && l.CreditAmount is null).ToList();
        PhaseBuilder.Validate(context, recurring);

        var start = facts.StartDate(context);
        var today = Dates.Today(context.Input.Now, context.Settings.TimeZone);
        var daysUntilDue = facts.DaysUntilDue(context, order);
        var clones = new List<ParamValue>();
        ParamValue created;
        PlanShape shape;
        if (start > today)
        {
            // Future start: a one-phase schedule that releases into a plain subscription when it starts.
            var startTimestamp = context.Timestamp(start);
            var schedule = new StripeParams()
                .Set("customer", customer)
                .Set("start_date", startTimestamp)
                .Set("end_behavior", "release");
            schedule.Child("default_settings").Set("collection_method", "send_invoice");
            SetDaysUntilDue(schedule.Child("default_settings").Child("invoice_settings"), daysUntilDue);
            schedule.Set("metadata", context.Metadata(order));
            var phase = new StripeParams()
                .Set("items", PhaseBuilder.Items(context, recurring.Select(static l => (l, l.Quantity)), "0", clones))
                .Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime))
                .Set("end_date", startTimestamp + 1);
            AddDiscounts(context, phase, facts);
            phase.Set("metadata", context.Metadata(order));
            schedule.Set("phases", new List<StripeParams> { phase });
            FieldMappingApplier.Apply(context, StripeObjectKeys.SubscriptionSchedule, schedule, order);
            RequireDaysUntilDue(context, schedule, "default_settings.invoice_settings.days_until_due");
            created = context.AddOperation($"subscription_schedule:{order.Id}", StripeOperationKind.CreateSubscriptionSchedule,
                "/v1/subscription_schedules", null, schedule, order);
            context.WriteBackId(order, created, "subscription_schedules");
            shape = PlanShape.SubscriptionSchedule;
        }
        else
        {
            if (start < today && !context.Settings.BackdateEvergreenOrders)
            {
                throw context.Failure(SyncErrorCode.EvergreenBackdated, facts.Quote, "SBQQ__StartDate__c");
            }

            var subscription = new StripeParams()
                .Set("customer", customer)
                .Set("collection_method", "send_invoice");
            SetDaysUntilDue(subscription, daysUntilDue);
            subscription.Set("cancel_at_period_end", false);
            if (start < today)
            {
                // Lift #26: bill from the real start instead of refusing backdated evergreen orders.
                subscription.Set("backdate_start_date", context.Timestamp(start));
            }

            subscription
                .Set("items", PhaseBuilder.Items(context, recurring.Select(static l => (l, l.Quantity)), "0", clones))
                .Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime));
            AddDiscounts(context, subscription, facts);
            subscription.Set("metadata", context.Metadata(order));
            FieldMappingApplier.Apply(context, StripeObjectKeys.Subscription, subscription, order);
            RequireDaysUntilDue(context, subscription, "days_until_due");
            created = context.AddOperation($"subscription:{order.Id}", StripeOperationKind.CreateSubscription, "/v1/subscriptions", null,
                subscription, order);
            context.WriteBackId(order, created, "subscriptions");
            shape = PlanShape.Subscription;
        }

        PhaseBuilder.Credits(context, lines.Where(static l => l.CreditAmount is not null), customer, facts.Currency, invoice: null);
        PhaseBuilder.Archive(context, lines.Where(static l => l.AutoArchive).Select(static l => l.Price).Concat(clones));
        return shape;
    }

    private static void AddDiscounts(PlanContext context, StripeParams target, OrderFacts facts)
    {
        var discounts = CouponPlanner.ForOrder(context, context.Order, facts.Quote, facts.Currency);
        if (discounts.Count > 0)
        {
            target.Set("discounts", discounts);
        }
    }

    private static void SetDaysUntilDue(StripeParams target, int? days)
    {
        if (days is not null)
        {
            target.Set("days_until_due", days.Value);
        }
    }

    /// <summary>Evergreen subscriptions are invoiced for payment, so a due date is required (docs/behaviour.md §5).</summary>
    private static void RequireDaysUntilDue(PlanContext context, StripeParams parameters, string path)
    {
        if (parameters.GetPath(path) is null)
        {
            throw context.Failure(SyncErrorCode.RequiredMappingEmpty, context.Order, "SBQQ__PaymentTerm__c");
        }
    }
}
