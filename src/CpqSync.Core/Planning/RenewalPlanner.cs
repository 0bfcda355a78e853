using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>
/// Renewal orders (docs/behaviour.md §8, CpqSync go-beyond behind <see cref="Configuration.SyncSettings.RenewalOrders"/>): a
/// renewal contiguous with its contract continues the same schedule with new phases.
/// </summary>
internal static class RenewalPlanner
{
    /// <summary>The plan's shape, or null when the renewal is planned as a new order.</summary>
    public static PlanShape? TryPlan(PlanContext context)
    {
        var order = context.Order;
        var contractId = context.Records.Follow(order, "Opportunity")?.GetString("SBQQ__RenewedContract__c");
        if (!context.Settings.RenewalOrders || contractId is null || context.Records.Find(contractId) is not { } contract)
        {
            return null;
        }

        var history = ContractHistory.ForContract(context, contract, pendingOrderId: null);
        var initial = history.InitialOrder;
        var scheduleId = initial.GetString(PackageFields.StripeId);
        if (scheduleId is null || !context.Stripe.Schedules.TryGetValue(scheduleId, out var schedule)
            || schedule.Status is "canceled" or "released" or "completed")
        {
            return null;
        }

        var steps = AmendmentPlanner.Steps(context, history.Amendments.Prepend(initial).ToList(), initial.Id);
        var renewal = AmendmentPlanner.Steps(context, [order], order.Id)[0];
        var contiguous = renewal.Start == steps[0].EndExclusive
            && renewal.Facts.Currency == steps[0].Facts.Currency
            && order.GetString("AccountId") == initial.GetString("AccountId");
        if (!contiguous)
        {
            return null;
        }

        var aggregator = new LineAggregator();
        var phases = new List<(OrderStep Step, List<AggregatedLine> Items)>();
        foreach (var step in steps)
        {
            if (aggregator.Apply(step.Recurring) is { } error)
            {
                throw new PlanningFailedException([error]);
            }

            phases.Add((step, aggregator.Current()));
        }

        // A renewal lists every line it renews: its phase holds exactly its own lines.
        var renewed = new LineAggregator();
        if (renewed.Apply(renewal.Recurring) is { } renewalError)
        {
            throw new PlanningFailedException([renewalError]);
        }

        steps.Add(renewal);
        phases.Add((renewal, renewed.Current()));
        return AmendmentPlanner.Update(context, steps, phases, schedule, scheduleId, context.Timestamp(renewal.EndExclusive));
    }
}
