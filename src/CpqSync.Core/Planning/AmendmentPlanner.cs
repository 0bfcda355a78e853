using System.Globalization;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>
/// An amendment order → the initial order's schedule with its phases rebuilt from Salesforce data and one more
/// phase for this amendment (docs/behaviour.md §7): insertion, termination and prorated amendments.
/// </summary>
internal static class AmendmentPlanner
{
    public static PlanShape Plan(PlanContext context)
    {
        var amendment = context.Order;
        if (!string.Equals(amendment.GetString("Status"), "Activated", StringComparison.Ordinal))
        {
            context.Warn("ORDER_NOT_ACTIVATED", $"Order '{amendment.Id}' is not activated and was not synced.", amendment.Id);
            return PlanShape.None;
        }

        var history = ContractHistory.Find(context, amendment);
        var initial = history.InitialOrder;
        if (context.Input.FilteredOutOrders.Contains(initial.Id))
        {
            throw context.Failure(SyncErrorCode.InitialOrderFiltered, initial, null);
        }

        var scheduleId = initial.GetString(PackageFields.StripeId);
        if (scheduleId is null)
        {
            // An amendment never syncs before its initial order (docs/behaviour.md §7.2); the engine syncs the initial order first.
            context.Warn("INITIAL_ORDER_NOT_SYNCED", $"Initial order '{initial.Id}' of amendment '{amendment.Id}' has not been synced yet.", amendment.Id);
            return PlanShape.None;
        }

        if (context.Stripe.Subscriptions.TryGetValue(scheduleId, out var subscriptionStatus))
        {
            if (amendment.Has(PackageFields.StripeId))
            {
                // Amendments with a Stripe id were applied already (docs/behaviour.md §5).
                return PlanShape.None;
            }

            return EvergreenAmendmentPlanner.Plan(context, history, IndexOf(history.Amendments, amendment), scheduleId, subscriptionStatus);
        }

        if (!context.Stripe.Schedules.TryGetValue(scheduleId, out var schedule))
        {
            throw context.Failure(SyncErrorCode.ScheduleNotFound, initial, PackageFields.StripeId);
        }

        if (context.Records.Children("OrderItem", "OrderId", initial.Id).Any(PricePlanner.IsEvergreen))
        {
            // A future evergreen order is a one-phase schedule until it starts and releases into a subscription.
            var initialStart = OrderFacts.Read(context, initial).StartDate(context);
            if (initialStart > Dates.Today(context.Input.Now, context.Settings.TimeZone))
            {
                throw context.Failure(SyncErrorCode.EvergreenAmendNotStarted, initial, "SBQQ__Quote__c");
            }

            if (schedule.Subscription is { } released && context.Stripe.Subscriptions.TryGetValue(released, out var releasedStatus))
            {
                // The schedule has released its subscription: from now on the order points at the subscription (docs/behaviour.md §5).
                context.WriteBackId(initial, ParamValue.Literal(released), "subscriptions");
                return EvergreenAmendmentPlanner.Plan(context, history, IndexOf(history.Amendments, amendment), released, releasedStatus);
            }

            context.Warn("EVERGREEN_SUBSCRIPTION_UNKNOWN",
                $"Evergreen order '{initial.Id}' has started, but the subscription its schedule released is not known yet.", initial.Id);
            return PlanShape.None;
        }

        if (schedule.Status == "canceled" && amendment.GetString(PackageFields.StripeId) == scheduleId)
        {
            // A termination that cancelled the schedule (docs/behaviour.md §7.10) was applied: nothing is left to do.
            return PlanShape.None;
        }

        if (schedule.Status is "canceled" or "released" or "completed")
        {
            throw context.Failure(SyncErrorCode.ScheduleCanceled, initial, PackageFields.StripeId);
        }

        var index = IndexOf(history.Amendments, amendment);
        if (AlreadyApplied(context, schedule, amendment))
        {
            return PlanShape.None;
        }

        if (amendment.Has(PackageFields.StripeId))
        {
            context.Warn("AMENDMENT_WITHOUT_PHASE", $"Amendment '{amendment.Id}' has a Stripe id but no phase on schedule '{scheduleId}'.", amendment.Id);
            return PlanShape.None;
        }

        if (context.Settings.Mdq && MdqAmendmentPlanner.IsMdq(context, initial))
        {
            return MdqAmendmentPlanner.Plan(context, history, index, schedule, scheduleId);
        }

        var steps = Steps(context, history, index);
        CheckDates(context, steps);

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

        var current = steps[^1];
        var items = phases[^1].Items;
        var pricedLines = steps.SelectMany(static s => s.Priced).ToDictionary(static p => p.Line.Id, StringComparer.Ordinal);
        if (items.Count == 0)
        {
            if (!current.Recurring.Any(static r => r.Quantity < 0))
            {
                throw context.Failure(SyncErrorCode.AmendmentAllOneTime, amendment, null);
            }

            if (current.OneTime.Count > 0)
            {
                throw context.Failure(SyncErrorCode.AmendmentTerminatedWithOneTime, amendment, null);
            }

            if (index < history.Amendments.Count - 1)
            {
                throw context.Failure(SyncErrorCode.TerminationNotLast, amendment, null);
            }

            // A full termination is not credited (documented choice, docs/behaviour.md §7.9): it adds no phase to carry one.
            return TerminationPlanner.Plan(context, steps, phases, schedule, scheduleId);
        }

        // Unused time of removed seats is credited on the amendment's own phase (docs/behaviour.md §7.9).
        var credits = UnusedTimeCredits.Items(context, steps, phases[^2].Items, items, pricedLines);
        return Update(context, steps, phases, schedule, scheduleId, context.Timestamp(steps[0].EndExclusive), credits);
    }

    private static int IndexOf(IReadOnlyList<SfRecord> amendments, SfRecord amendment)
    {
        for (var i = 0; i < amendments.Count; i++)
        {
            if (amendments[i].Id == amendment.Id)
            {
                return i;
            }
        }

        return amendments.Count - 1;
    }

    /// <summary>Idempotent re-sync (docs/behaviour.md §7.12): a phase carrying this amendment's id means it was applied.</summary>
    /// <summary>Phase metadata naming the termination amendment that ended the schedule early.</summary>
    internal const string TerminationOrderMarker = "termination_order_id";

    private static bool AlreadyApplied(PlanContext context, StripeScheduleState schedule, SfRecord amendment)
    {
        var key = $"{context.Settings.MetadataPrefix}order_id";
        var termination = context.MarkerKey(TerminationOrderMarker);
        return schedule.Phases.Any(p => (p.Metadata.TryGetValue(key, out var id) && id == amendment.Id)
            || (p.Metadata.TryGetValue(termination, out var terminatedBy) && terminatedBy == amendment.Id));
    }

    /// <summary>The initial order and every amendment up to this one, with their priced lines.</summary>
    private static List<OrderStep> Steps(PlanContext context, ContractHistory history, int index) =>
        Steps(context, history.Amendments.Take(index + 1).Prepend(history.InitialOrder).ToList(), history.InitialOrder.Id);

    /// <summary>Reads and prices each order; <paramref name="initialOrderId"/> ends at its term, later orders may carry an explicit end.</summary>
    internal static List<OrderStep> Steps(PlanContext context, IReadOnlyList<SfRecord> orders, string initialOrderId)
    {
        var steps = new List<OrderStep>();
        string? currency = null;
        foreach (var order in orders)
        {
            var facts = OrderFacts.Read(context, order);
            currency ??= facts.Currency;
            if (facts.Currency != currency)
            {
                throw context.Failure(SyncErrorCode.MixedCurrencies, order, "CurrencyIsoCode", order.Id, $"{currency}, {facts.Currency}");
            }

            var start = facts.StartDate(context);
            var term = facts.Term(context);
            var end = order.Id == initialOrderId ? OrderFacts.AddTerm(context, start, term) : EndExclusive(context, facts, start, term, steps);
            var priced = new List<PlannedLine>();
            var recurring = new List<(SfRecord, long)>();
            var oneTime = new List<PlannedLine>();
            foreach (var line in facts.Lines)
            {
                var quantity = line.GetDecimal("SBQQ__OrderedQuantity__c") ?? line.GetDecimal("Quantity") ?? 0m;
                if (!PricePlanner.IsRecurring(line))
                {
                    // One-time lines of phases not started yet must be re-sent, or rebuilding the phase would drop them.
                    var pending = order.Id == context.Order.Id || context.Timestamp(start) > context.Input.Now.ToUnixTimeSeconds();
                    if (pending && PricePlanner.Plan(context, line, facts.Currency, term) is { CreditAmount: null } planned)
                    {
                        oneTime.Add(planned);
                    }

                    continue;
                }

                // Termination lines only reduce quantities: they never get a price (docs/behaviour.md §7.4).
                if (quantity < 0)
                {
                    recurring.Add((line, (long)decimal.Truncate(quantity)));
                    continue;
                }

                var segmentTerm = MdqPlanner.IsSegmented(line) ? MdqPlanner.SegmentTerm(context, line) : null;
                if (PricePlanner.Plan(context, line, facts.Currency, term, segmentTerm) is { } plannedLine)
                {
                    priced.Add(plannedLine);
                    recurring.Add((line, plannedLine.Metered ? 1 : (long)quantity));
                }
            }

            steps.Add(new OrderStep(order, facts, start, end, term, priced, recurring, oneTime));
        }

        return steps;
    }

    /// <summary>
    /// Where a later order ends (docs/behaviour.md §7.3): start + term, the term winning over the quote's end date. The
    /// end date counts when the quote has no term (CPQ leaves it empty on amendments) and for a non-anniversary
    /// amendment, whose end date carries the days beyond its whole months (§7.8).
    /// </summary>
    private static DateOnly EndExclusive(PlanContext context, OrderFacts facts, DateOnly start, int term, List<OrderStep> earlier)
    {
        var byTerm = OrderFacts.AddTerm(context, start, term);
        if (facts.Quote.GetDate("SBQQ__EndDate__c") is not { } inclusiveEnd)
        {
            return byTerm;
        }

        var anniversary = context.Settings.CpqTermUnit != "Month" || earlier.Count == 0 || IsAnniversary(earlier[0].Start, start);
        return facts.TermIsEmpty || !anniversary ? inclusiveEnd.AddDays(1) : byTerm;
    }

    /// <summary>The amendment starts on the initial order's day of the month, or on the last day of a shorter month.</summary>
    private static bool IsAnniversary(DateOnly initial, DateOnly start) =>
        start.Day == initial.Day || (initial.Day > start.Day && start.Day == DateTime.DaysInMonth(start.Year, start.Month));

    /// <summary>Co-termination and anniversary rules (docs/behaviour.md §7.3, §7.8), checked across all amendments first.</summary>
    internal static void CheckDates(PlanContext context, List<OrderStep> steps)
    {
        var initial = steps[0];
        foreach (var step in steps.Skip(1))
        {
            if (step.EndExclusive != initial.EndExclusive)
            {
                throw context.Failure(SyncErrorCode.AmendmentNotCoterminous, step.Facts.Quote, step.Facts.TermIsEmpty ? "SBQQ__EndDate__c" : "SBQQ__SubscriptionTerm__c");
            }

            if (context.Settings.CpqTermUnit != "Month")
            {
                continue;
            }

            var anniversary = IsAnniversary(initial.Start, step.Start);
            if (!anniversary && !context.Settings.NonAnniversaryAmendments)
            {
                throw context.Failure(SyncErrorCode.AmendmentNotAnniversary, step.Facts.Quote, "SBQQ__StartDate__c");
            }

            if (!anniversary && WholeMonths(step.Start, step.EndExclusive) != step.Term)
            {
                throw context.Failure(SyncErrorCode.AmendmentTermNotWholeMonths, step.Facts.Quote, "SBQQ__SubscriptionTerm__c");
            }
        }
    }

    internal static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return from.AddMonths(months) > to ? months - 1 : months;
    }

    /// <summary>Sends the schedule's phases rebuilt from Salesforce, the last one ending at <paramref name="end"/>.</summary>
    /// <param name="credits">Credit items for the new (last) phase's <c>add_invoice_items</c> (docs/behaviour.md §7.9).</param>
    internal static PlanShape Update(PlanContext context, List<OrderStep> steps, List<(OrderStep Step, List<AggregatedLine> Items)> phases,
        StripeScheduleState schedule, string scheduleId, long end, IReadOnlyList<StripeParams>? credits = null)
    {
        var now = context.Input.Now.ToUnixTimeSeconds();
        var starts = PhaseStarts(context, steps, schedule, now);
        var priced = steps.SelectMany(static s => s.Priced).ToDictionary(static p => p.Line.Id, StringComparer.Ordinal);
        var clones = new List<ParamValue>();
        var phaseList = new List<StripeParams>();
        var carried = new List<PlannedLine>();
        var last = steps.Count - 1;
        for (var k = 0; k < phases.Count; k++)
        {
            var phaseEnd = k < last ? starts[k + 1] : end;
            if (phaseEnd < now && k < last)
            {
                // Stripe rejects edits to phases that already ended (docs/behaviour.md §7.5).
                continue;
            }

            var oneTimeHere = k == last || starts[k] > now ? phases[k].Step.OneTime : [];
            if (k < last && phaseEnd == starts[k])
            {
                // Same-day amendment of a future subscription (docs/behaviour.md §7.11 b): the earlier phase would be empty, so it is
                // dropped and its one-time lines move to the next phase.
                carried.AddRange(oneTimeHere);
                continue;
            }

            var lines = phases[k].Items.Select(a => (priced[a.Line.Id], (long?)a.Quantity)).ToList();
            var phase = new StripeParams()
                .Set("items", PhaseBuilder.Items(context, lines.Select(static l => (l.Item1, l.Item2)), k.ToString(CultureInfo.InvariantCulture), clones));
            var invoiceItems = PhaseBuilder.InvoiceItems(context, carried.Concat(oneTimeHere));
            carried.Clear();
            if (k == last)
            {
                invoiceItems.AddRange(AmendmentProrations.Items(context, phases[k].Step, steps[0].Start));
                invoiceItems.AddRange(credits ?? []);
            }

            phase.Set("add_invoice_items", invoiceItems)
                .Set("start_date", starts[k])
                .Set("end_date", phaseEnd);
            if (k > 0)
            {
                phase.Set("proration_behavior", "none");
            }

            var step = phases[k].Step;
            var discounts = CouponPlanner.ForOrder(context, step.Order, step.Facts.Quote, step.Facts.Currency);
            if (discounts.Count > 0)
            {
                phase.Set("discounts", discounts);
            }

            phase.Set("metadata", context.Metadata(phases[k].Step.Order));
            phaseList.Add(phase);
            if (BackendProrationSplit(context, steps[0], starts[k], phaseEnd, lines, k, clones) is { } proration)
            {
                // Lift #19: the initial order's backend proration is rebuilt from Salesforce data inside the phase it falls in.
                phase.Set("end_date", proration.GetText("start_date")!);
                phaseList.Add(proration);
            }
        }

        CheckPhaseCount(context, phaseList.Count);
        var parameters = new StripeParams().Set("proration_behavior", "none");
        SchedulePlanner.AddPaymentTerms(context, parameters.Child("default_settings"), steps[^1].Facts.DaysUntilDue(context, context.Order));
        RemapAmendableSettings(context, parameters);
        parameters.Set("phases", phaseList);
        var target = ParamValue.Literal(scheduleId);
        context.AddOperation($"subscription_schedule:{context.Order.Id}", StripeOperationKind.UpdateSubscriptionSchedule,
            "/v1/subscription_schedules/{id}", target, parameters, context.Order);
        context.WriteBackId(context.Order, target, "subscription_schedules");
        PhaseBuilder.Archive(context, steps[^1].Priced.Where(static l => l.AutoArchive).Select(static l => l.Price)
            .Concat(steps[^1].OneTime.Where(static l => l.AutoArchive).Select(static l => l.Price)).Concat(clones));
        return PlanShape.Amendment;
    }

    /// <summary>Schedule-level fields an amendment may change (docs/behaviour.md §7.5): only days until due and the invoice template.</summary>
    private static readonly string[] AmendableSettings =
    [
        "default_settings.invoice_settings.days_until_due",
        "default_settings.invoice_settings.rendering.template",
        "default_settings.invoice_settings.rendering.template_version",
    ];

    /// <summary>
    /// Applies the schedule mappings to the amendment order, keeping only the amendable settings: other subscription
    /// fields are deliberately not updated by amendments.
    /// </summary>
    private static void RemapAmendableSettings(PlanContext context, StripeParams parameters)
    {
        var mapped = new StripeParams();
        FieldMappingApplier.Apply(context, Configuration.StripeObjectKeys.SubscriptionSchedule, mapped, context.Order);
        foreach (var path in AmendableSettings)
        {
            if (mapped.GetPath(path) is ParamValue value)
            {
                parameters.SetPath(path, value);
            }
        }
    }

    /// <summary>
    /// When the initial order is backend-prorated and its proration window starts inside this phase, the phase for
    /// that window: same items at this phase's quantities, with proration invoice items.
    /// </summary>
    private static StripeParams? BackendProrationSplit(PlanContext context, OrderStep initial, long phaseStart, long phaseEnd,
        List<(PlannedLine, long?)> lines, int k, List<ParamValue> clones)
    {
        var recurring = initial.Priced.FirstOrDefault(static p => p.Recurring);
        var uncovered = recurring is null ? 0 : BackendProration.UncoveredMonths(context, initial.Term, recurring.IntervalCount);
        if (uncovered == 0)
        {
            return null;
        }

        var windowStart = context.Timestamp(initial.Start.AddMonths(initial.Term - uncovered));
        if (windowStart <= phaseStart || windowStart >= phaseEnd || windowStart < context.Input.Now.ToUnixTimeSeconds())
        {
            return null;
        }

        var phase = BackendProration.Phase(context, lines, uncovered, $"{k}b", clones)
            .Set("start_date", windowStart)
            .Set("end_date", phaseEnd);
        phase.Set("metadata", context.Metadata(initial.Order).Set(context.MarkerKey("backend_proration"), "true"));
        return phase;
    }

    /// <summary>
    /// Phase start timestamps: phases Stripe already has keep Stripe's start (it may be a mid-day "now" from an
    /// earlier backdated amendment); a backdated new phase starts now (docs/behaviour.md §7.8 "processed in current time").
    /// </summary>
    internal static long[] PhaseStarts(PlanContext context, List<OrderStep> steps, StripeScheduleState schedule, long now)
    {
        var key = $"{context.Settings.MetadataPrefix}order_id";
        var starts = new long[steps.Count];
        for (var k = 0; k < steps.Count; k++)
        {
            var known = schedule.Phases.FirstOrDefault(p => p.Metadata.TryGetValue(key, out var id) && id == steps[k].Order.Id);
            starts[k] = known?.StartDate ?? (k == 0 && schedule.Phases.Count > 0 ? schedule.Phases[0].StartDate : context.Timestamp(steps[k].Start));
        }

        if (steps.Count > 1 && starts[^1] < now)
        {
            starts[^1] = Math.Max(now, starts[^2]);
        }

        return starts;
    }

    private static void CheckPhaseCount(PlanContext context, int count)
    {
        if (count > context.Settings.MaxSchedulePhases)
        {
            throw context.Failure(SyncErrorCode.TooManyPhases, context.Order, null, context.Order.Id, count, context.Settings.MaxSchedulePhases);
        }
    }
}
