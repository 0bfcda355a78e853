using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>
/// Decides what Stripe must hold for one Salesforce order: the entry point of the core.
/// </summary>
/// <remarks>
/// Pure and deterministic: no I/O, no clock (<see cref="SyncInput.Now"/> is a value), no Stripe or Salesforce
/// client. The same input always yields the same plan, byte for byte.
/// </remarks>
public static class SyncPlanner
{
    public static PlanResult Plan(SyncInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = new PlanContext(OnTestClock(input));
        try
        {
            return PlanResult.Success(context.Build(PlanOrder(context)));
        }
        catch (PlanningFailedException failed)
        {
            return PlanResult.Failure(failed.Errors);
        }
    }

    /// <summary>
    /// Plans products, a price book's prices or an account on their own, outside any order (docs/behaviour.md §11, manual
    /// sync): the same operations, idempotency keys and write-backs an order sync plans for those records.
    /// </summary>
    /// <exception cref="ArgumentException">The records hold no record for one of the target's ids.</exception>
    public static PlanResult PlanRecords(RecordSyncInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Target.Ids.Count == 0)
        {
            throw new ArgumentException("A record sync names at least one record.", nameof(input));
        }

        var context = new PlanContext(input, input.Target.Ids[0]);
        try
        {
            RecordPlanner.Plan(context, input.Target);
            return PlanResult.Success(context.Build(PlanShape.Records));
        }
        catch (PlanningFailedException failed)
        {
            return PlanResult.Failure(failed.Errors);
        }
    }

    /// <summary>
    /// Planning "now" is the customer's test-clock time when the order's customer lives on a test clock
    /// (docs/behaviour.md §2): dates compare with the time Stripe bills that customer at, not the wall clock.
    /// </summary>
    private static SyncInput OnTestClock(SyncInput input)
    {
        var account = input.Records.Find(input.OrderId) is { } order ? input.Records.Follow(order, "Account") : null;
        return account?.GetString(PackageFields.StripeId) is { } customer && input.Stripe.Customers.Contains(customer)
            && input.Stripe.CustomerClocks.TryGetValue(customer, out var frozen)
            ? input with { Now = DateTimeOffset.FromUnixTimeSeconds(frozen) }
            : input;
    }

    private static PlanShape PlanOrder(PlanContext context)
    {
        var order = context.Order;
        if (IsAmendment(context, order))
        {
            return AmendmentPlanner.Plan(context);
        }

        if (AlreadyTranslated(context, order))
        {
            // Idempotency (docs/behaviour.md §4.1): the order already has its Stripe object; nothing to create.
            return PlanShape.None;
        }

        if (!string.Equals(order.GetString("Status"), "Activated", StringComparison.Ordinal))
        {
            context.Warn("ORDER_NOT_ACTIVATED", $"Order '{order.Id}' is not activated and was not synced.", order.Id);
            return PlanShape.None;
        }

        var preIntegration = context.Settings.SyncStartDate is { } syncStart && order.GetDate("ActivatedDate") is { } activated && activated < syncStart;
        if (preIntegration && context.Settings.MigrateExistingContracts)
        {
            var migrated = OrderFacts.Read(context, order);
            var migratedCustomer = CustomerPlanner.Plan(context);
            MigrationPlanner.Plan(context, migrated, migratedCustomer, PlanLines(context, migrated, migrated.Lines, migrated.Term(context)));
            return PlanShape.SubscriptionSchedule;
        }

        if (preIntegration)
        {
            context.Warn("PRE_INTEGRATION_ORDER", $"Order '{order.Id}' was activated before the sync start date and was skipped.", order.Id);
            return PlanShape.None;
        }

        if (RenewalPlanner.TryPlan(context) is { } renewal)
        {
            return renewal;
        }

        var facts = OrderFacts.Read(context, order);
        if (facts.Lines.Count == 0)
        {
            context.Warn("ORDER_HAS_NO_LINES", $"Order '{order.Id}' has no lines to sync.", order.Id);
            return PlanShape.None;
        }

        var term = facts.Term(context);

        // The account is translated first (docs/behaviour.md §4.1), so its operation leads the plan.
        var customer = CustomerPlanner.Plan(context);
        if (context.Settings.Mdq && facts.Lines.Any(MdqPlanner.IsSegmented))
        {
            MdqPlanner.Plan(context, facts, customer);
            return PlanShape.SubscriptionSchedule;
        }

        var lines = PlanLines(context, facts, facts.Lines, term);
        var recurring = lines.Where(static l => l.Recurring).ToList();
        if (recurring.Count == 0)
        {
            InvoicePlanner.Plan(context, facts, customer, lines);
            return PlanShape.Invoice;
        }

        if (recurring.Any(static l => l.Evergreen))
        {
            return EvergreenPlanner.Plan(context, facts, customer, lines);
        }

        SchedulePlanner.Plan(context, facts, customer, lines);
        return PlanShape.SubscriptionSchedule;
    }

    internal static List<PlannedLine> PlanLines(PlanContext context, OrderFacts facts, IEnumerable<SfRecord> lines, int term)
    {
        var planned = new List<PlannedLine>();
        foreach (var line in lines)
        {
            if (PricePlanner.Plan(context, line, facts.Currency, term) is { } result)
            {
                planned.Add(result);
            }
        }

        return planned;
    }

    private static bool AlreadyTranslated(PlanContext context, SfRecord order)
    {
        var id = order.GetString(PackageFields.StripeId);
        return id is not null
            && (context.Stripe.Schedules.ContainsKey(id) || context.Stripe.Subscriptions.ContainsKey(id) || context.Stripe.Invoices.Contains(id));
    }

    /// <summary>An order is an amendment iff its opportunity amends a contract (docs/behaviour.md §7.2); <c>Order.Type</c> is advisory.</summary>
    internal static bool IsAmendment(PlanContext context, SfRecord order)
    {
        var opportunity = context.Records.Follow(order, "Opportunity");
        return opportunity?.Has("SBQQ__AmendedContract__c") == true;
    }
}
