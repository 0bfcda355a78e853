using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>
/// An amendment of an evergreen order → an update or cancellation of its Subscription (docs/behaviour.md §5). CpqSync lifts
/// the reference's "cancelling a subset cancels everything": removed lines delete just their items.
/// </summary>
internal static class EvergreenAmendmentPlanner
{
    public static PlanShape Plan(PlanContext context, ContractHistory history, int index, string subscriptionId, string status)
    {
        var amendment = context.Order;
        if (status is "canceled" or "incomplete_expired")
        {
            throw context.Failure(SyncErrorCode.EvergreenSubscriptionCanceled, history.InitialOrder, PackageFields.StripeId);
        }

        var facts = OrderFacts.Read(context, amendment);
        var start = facts.StartDate(context);
        var today = Dates.Today(context.Input.Now, context.Settings.TimeZone);
        var initialStart = OrderFacts.Read(context, history.InitialOrder).StartDate(context);
        if (initialStart > today)
        {
            throw context.Failure(SyncErrorCode.EvergreenAmendNotStarted, history.InitialOrder, "SBQQ__Quote__c");
        }

        if (facts.Lines.Any(l => PricePlanner.IsRecurring(l) && !PricePlanner.IsEvergreen(l) && (l.GetDecimal("SBQQ__OrderedQuantity__c") ?? 0) > 0))
        {
            throw context.Failure(SyncErrorCode.EvergreenRenewableAdded, amendment, "SBQQ__SubscriptionType__c");
        }

        // Quantities per Salesforce line chain, before and after this amendment.
        var before = new LineAggregator();
        var after = new LineAggregator();
        foreach (var order in history.Amendments.Take(index).Prepend(history.InitialOrder))
        {
            var lines = RecurringDeltas(context, order);
            Apply(before, lines);
            Apply(after, lines);
        }

        Apply(after, RecurringDeltas(context, amendment));
        var target = ParamValue.Literal(subscriptionId);
        if (after.Current().Count == 0)
        {
            return Cancel(context, start, today, target);
        }

        if (start > today)
        {
            // Processed on its start date: Stripe cannot schedule item changes on a plain subscription.
            context.Warn("EVERGREEN_FUTURE_AMENDMENT", $"Evergreen amendment '{amendment.Id}' starts on {start:yyyy-MM-dd}; it will be applied that day.", amendment.Id);
            return PlanShape.None;
        }

        return Update(context, facts, before.Current(), after.Current(), subscriptionId, target);
    }

    private static List<(SfRecord Line, long Quantity)> RecurringDeltas(PlanContext context, SfRecord order) =>
        OrderFacts.SyncedLines(context, order)
            .Where(PricePlanner.IsRecurring)
            .Select(static l => (l, (long)(l.GetDecimal("SBQQ__OrderedQuantity__c") ?? l.GetDecimal("Quantity") ?? 0m)))
            .Where(static l => l.Item2 != 0)
            .ToList();

    private static void Apply(LineAggregator aggregator, List<(SfRecord Line, long Quantity)> lines)
    {
        if (aggregator.Apply(lines) is { } error)
        {
            throw new PlanningFailedException([error]);
        }
    }

    /// <summary>Zero quantity everywhere: cancel now (no invoice, no proration) or at the future start date.</summary>
    private static PlanShape Cancel(PlanContext context, DateOnly start, DateOnly today, ParamValue target)
    {
        var order = context.Order;
        if (start <= today)
        {
            context.AddOperation($"subscription_cancel:{order.Id}", StripeOperationKind.CancelSubscription, "/v1/subscriptions/{id}", target,
                new StripeParams().Set("invoice_now", false).Set("prorate", false), order);
        }
        else
        {
            context.AddOperation($"subscription:{order.Id}", StripeOperationKind.UpdateSubscription, "/v1/subscriptions/{id}", target,
                new StripeParams().Set("cancel_at", context.Timestamp(start)).Set("proration_behavior", "none"), order);
        }

        context.WriteBackId(order, target, "subscriptions");
        return PlanShape.Amendment;
    }

    /// <summary>Adds new lines as items, changes quantities of existing items, deletes removed ones.</summary>
    private static PlanShape Update(PlanContext context, OrderFacts facts, List<AggregatedLine> before, List<AggregatedLine> after,
        string subscriptionId, ParamValue target)
    {
        var order = context.Order;
        var existing = context.Stripe.SubscriptionItems.GetValueOrDefault(subscriptionId) ?? [];
        var items = new List<StripeParams>();
        var archive = new List<ParamValue>();
        foreach (var line in before)
        {
            var now = after.FirstOrDefault(a => a.Line.Id == line.Line.Id);
            if (now is not null && now.Quantity == line.Quantity)
            {
                continue;
            }

            var item = existing.FirstOrDefault(i => i.OrderItemId == line.Line.Id)
                ?? throw context.Failure(SyncErrorCode.RevisedLineMissing, line.Line, "SBQQ__RevisedOrderProduct__c", line.Line.Id);
            items.Add(now is null
                ? new StripeParams().Set("id", item.Id).Set("deleted", true)
                : new StripeParams().Set("id", item.Id).Set("quantity", now.Quantity));
        }

        foreach (var line in after.Where(a => before.All(b => b.Line.Id != a.Line.Id)))
        {
            var planned = PricePlanner.Plan(context, line.Line, facts.Currency, 1);
            if (planned is null)
            {
                continue;
            }

            if (planned.AutoArchive)
            {
                archive.Add(planned.Price);
            }

            var item = new StripeParams().Set("price", planned.Price);
            if (!planned.Metered)
            {
                item.Set("quantity", line.Quantity);
            }

            items.Add(item.Set("metadata", context.Metadata(line.Line)));
        }

        var parameters = new StripeParams().Set("items", items).Set("proration_behavior", "none");
        var oneTime = facts.Lines.Where(static l => !PricePlanner.IsRecurring(l))
            .Select(l => PricePlanner.Plan(context, l, facts.Currency, 1)).OfType<PlannedLine>().Where(static l => l.CreditAmount is null).ToList();
        if (oneTime.Count > 0)
        {
            parameters.Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime));
        }

        context.AddOperation($"subscription:{order.Id}", StripeOperationKind.UpdateSubscription, "/v1/subscriptions/{id}", target, parameters, order);
        context.WriteBackId(order, target, "subscriptions");
        PhaseBuilder.Archive(context, archive.Concat(oneTime.Where(static l => l.AutoArchive).Select(static l => l.Price)));
        return PlanShape.Amendment;
    }
}
