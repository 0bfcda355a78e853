using System.Globalization;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Core.Planning;

/// <summary>
/// Amendments of an MDQ order (docs/behaviour.md §6): the schedule is rebuilt from Salesforce data as a timeline cut at every
/// segment boundary and every amendment start; each slice holds the non-segmented items plus its segment's items,
/// both as amended by the orders that started by then.
/// </summary>
internal static class MdqAmendmentPlanner
{
    public static PlanShape Plan(PlanContext context, ContractHistory history, int index, StripeScheduleState schedule, string scheduleId)
    {
        var initial = history.InitialOrder;
        var orders = history.Amendments.Take(index + 1).Prepend(initial).ToList();
        var steps = AmendmentPlanner.Steps(context, orders, initial.Id);
        var initialStep = steps[0];
        var segments = MdqPlanner.Segments(context, initialStep.Facts.Lines.Where(MdqPlanner.IsSegmented).ToList(),
            initialStep.Start, initialStep.EndExclusive);
        CheckSegmentDates(context, steps.Skip(1), segments);

        var now = context.Input.Now.ToUnixTimeSeconds();
        var amendmentStart = Math.Max(context.Timestamp(steps[^1].Start), now);
        var cuts = segments.Select(s => context.Timestamp(s.Start))
            .Concat(steps.Skip(1).Select(s => Math.Max(context.Timestamp(s.Start), s == steps[^1] ? amendmentStart : 0)))
            .Append(context.Timestamp(initialStep.EndExclusive))
            .Distinct().Order().ToList();
        var priced = steps.SelectMany(static s => s.Priced).ToDictionary(static p => p.Line.Id, StringComparer.Ordinal);

        var slices = new List<(long Start, long End, MdqPlanner.Segment Segment, List<AggregatedLine> Items, OrderStep Latest)>();
        for (var c = 0; c < cuts.Count - 1; c++)
        {
            var (start, end) = (cuts[c], cuts[c + 1]);
            var segment = segments.Last(s => context.Timestamp(s.Start) <= start);
            var applied = steps.Where(s => s == steps[0] || Math.Max(context.Timestamp(s.Start), s == steps[^1] ? amendmentStart : 0) <= start).ToList();
            slices.Add((start, end, segment, Aggregate(applied, segment), applied[^1]));
        }

        if (slices[^1].Items.Count == 0)
        {
            // Full termination of a ramp deal cancels the schedule (docs/behaviour.md §6).
            if (index < history.Amendments.Count - 1)
            {
                throw context.Failure(SyncErrorCode.TerminationNotLast, context.Order, null);
            }

            var target = ParamValue.Literal(scheduleId);
            context.AddOperation($"subscription_schedule_cancel:{context.Order.Id}", StripeOperationKind.CancelSubscriptionSchedule,
                "/v1/subscription_schedules/{id}/cancel", target, new StripeParams().Set("invoice_now", false).Set("prorate", false), context.Order);
            context.WriteBackId(context.Order, target, "subscription_schedules");
            return PlanShape.Amendment;
        }

        var clones = new List<ParamValue>();
        var phases = new List<StripeParams>();
        foreach (var slice in slices.Where(s => s.End >= now))
        {
            var start = slice.Start < now ? CurrentPhaseStart(schedule, slice.Start, now) : slice.Start;
            var lines = slice.Items.Select(a => (priced[a.Line.Id], (long?)a.Quantity)).ToList();
            var items = PhaseBuilder.Items(context, lines, phases.Count.ToString(CultureInfo.InvariantCulture), clones);
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].Item1.Line.GetString("SBQQ__SegmentKey__c") is { } key)
                {
                    items[i].Child("metadata").Set(context.MarkerKey("segment_key"), key);
                }
            }

            var phase = new StripeParams().Set("items", items);
            if (slice.Start == amendmentStart)
            {
                phase.Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, steps[^1].OneTime));
            }

            phase.Set("start_date", start).Set("end_date", slice.End);
            if (phases.Count > 0 || slice.Start >= amendmentStart)
            {
                phase.Set("proration_behavior", "none");
            }

            var metadata = context.Metadata(slice.Latest.Order).Set("salesforce_segment_index", Amounts.Format(slice.Segment.Index));
            if (slice.Segment.Label is not null)
            {
                metadata.Set("salesforce_segment_label", slice.Segment.Label);
            }

            phases.Add(phase.Set("metadata", metadata));
        }

        if (phases.Count > context.Settings.MaxSchedulePhases)
        {
            throw context.Failure(SyncErrorCode.TooManyPhases, context.Order, null, context.Order.Id, phases.Count, context.Settings.MaxSchedulePhases);
        }

        var parameters = new StripeParams().Set("proration_behavior", "none").Set("phases", phases);
        var id = ParamValue.Literal(scheduleId);
        context.AddOperation($"subscription_schedule:{context.Order.Id}", StripeOperationKind.UpdateSubscriptionSchedule,
            "/v1/subscription_schedules/{id}", id, parameters, context.Order);
        context.WriteBackId(context.Order, id, "subscription_schedules");
        PhaseBuilder.Archive(context, steps[^1].Priced.Concat(steps[^1].OneTime).Where(static l => l.AutoArchive).Select(static l => l.Price).Concat(clones));
        return PlanShape.Amendment;
    }

    /// <summary>Non-segmented lines of every applied order plus the lines of this segment, aggregated in order.</summary>
    private static List<AggregatedLine> Aggregate(List<OrderStep> applied, MdqPlanner.Segment segment)
    {
        var aggregator = new LineAggregator();
        foreach (var step in applied)
        {
            var lines = step.Recurring.Where(r => !MdqPlanner.IsSegmented(r.Line) || r.Line.GetDecimal("SBQQ__SegmentIndex__c") == segment.Index);
            if (aggregator.Apply(lines) is { } error)
            {
                throw new PlanningFailedException([error]);
            }
        }

        return aggregator.Current();
    }

    /// <summary>Amendment segment lines must end with one of the initial order's segments (docs/behaviour.md §6).</summary>
    private static void CheckSegmentDates(PlanContext context, IEnumerable<OrderStep> amendments, List<MdqPlanner.Segment> segments)
    {
        foreach (var line in amendments.SelectMany(static s => s.Facts.Lines).Where(MdqPlanner.IsSegmented))
        {
            var end = MdqPlanner.EndDate(context, line)?.AddDays(1);
            var segment = segments.FirstOrDefault(s => s.Index == line.GetDecimal("SBQQ__SegmentIndex__c"));
            if (segment is null || (end is not null && end != segment.EndExclusive && segment != segments[^1]))
            {
                throw context.Failure(SyncErrorCode.MdqSegmentDatesMismatch, line, "SBQQ__SegmentIndex__c");
            }
        }
    }

    /// <summary>The current phase keeps the start Stripe has for it; Stripe rejects changing it.</summary>
    private static long CurrentPhaseStart(StripeScheduleState schedule, long sliceStart, long now) =>
        schedule.Phases.FirstOrDefault(p => p.StartDate <= now && p.EndDate > now)?.StartDate ?? sliceStart;

    internal static bool IsMdq(PlanContext context, SfRecord initial) =>
        context.Records.Children("OrderItem", "OrderId", initial.Id).Any(MdqPlanner.IsSegmented);
}
