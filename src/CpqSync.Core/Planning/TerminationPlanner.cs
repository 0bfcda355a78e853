using System.Globalization;
using CpqSync.Core.Mapping;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>Termination amendments (docs/behaviour.md §7.10): end the schedule early, or void it on its first day.</summary>
internal static class TerminationPlanner
{
    /// <summary>
    /// Full termination (docs/behaviour.md §7.10): the last phase ends at the termination date; no new phase. A
    /// termination that takes effect today or earlier (backdated or same-day), or on the day the schedule starts (a
    /// future same-day termination), would end the current phase "now" or leave an empty one, which Stripe refuses: it
    /// cancels the schedule instead, without invoicing or proration.
    /// </summary>
    public static PlanShape Plan(PlanContext context, List<OrderStep> steps, List<(OrderStep Step, List<AggregatedLine> Items)> phases,
        StripeScheduleState schedule, string scheduleId)
    {
        var target = ParamValue.Literal(scheduleId);
        var termination = steps[^1];
        if (termination.Start <= Dates.Today(context.Input.Now, context.Settings.TimeZone) || termination.Start <= steps[0].Start)
        {
            context.AddOperation($"subscription_schedule_cancel:{context.Order.Id}", StripeOperationKind.CancelSubscriptionSchedule,
                "/v1/subscription_schedules/{id}/cancel", target, new StripeParams().Set("invoice_now", false).Set("prorate", false), context.Order);
            context.WriteBackId(context.Order, target, "subscription_schedules");
            return PlanShape.Amendment;
        }

        var now = context.Input.Now.ToUnixTimeSeconds();
        var starts = AmendmentPlanner.PhaseStarts(context, steps, schedule, now);
        var terminationAt = starts[^1];
        var priced = steps.SelectMany(static s => s.Priced).ToDictionary(static p => p.Line.Id, StringComparer.Ordinal);
        var clones = new List<ParamValue>();
        var phaseList = new List<StripeParams>();
        var kept = new List<(int K, long End)>();
        for (var k = 0; k < phases.Count - 1; k++)
        {
            var phaseEnd = Math.Min(k < phases.Count - 2 ? starts[k + 1] : terminationAt, terminationAt);
            if ((phaseEnd < now && k < phases.Count - 2) || phaseEnd <= starts[k])
            {
                // Phases that ended are left alone; one starting on the termination date would be empty (a future same-day termination).
                continue;
            }

            kept.Add((k, phaseEnd));
        }

        foreach (var (k, phaseEnd) in kept)
        {
            var lines = phases[k].Items.Select(a => (priced[a.Line.Id], (long?)a.Quantity));
            var metadata = context.Metadata(phases[k].Step.Order);
            if (k == kept[^1].K)
            {
                metadata.Set(context.MarkerKey("effective_termination_date"),
                    termination.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                // The termination adds no phase of its own: this marks it applied, so a re-sync plans nothing.
                metadata.Set(context.MarkerKey(AmendmentPlanner.TerminationOrderMarker), termination.Order.Id);
            }

            phaseList.Add(new StripeParams()
                .Set("items", PhaseBuilder.Items(context, lines, k.ToString(CultureInfo.InvariantCulture), clones))
                .Set("start_date", starts[k])
                .Set("end_date", phaseEnd)
                .Set("metadata", metadata));
        }

        var parameters = new StripeParams().Set("proration_behavior", "none").Set("end_behavior", "cancel").Set("phases", phaseList);
        context.AddOperation($"subscription_schedule:{context.Order.Id}", StripeOperationKind.UpdateSubscriptionSchedule,
            "/v1/subscription_schedules/{id}", target, parameters, context.Order);
        context.WriteBackId(context.Order, target, "subscription_schedules");
        PhaseBuilder.Archive(context, clones);
        return PlanShape.Amendment;
    }
}
