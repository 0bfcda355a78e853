using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>
/// An order with MDQ (multi-dimensional quoting) lines → one schedule with one phase per segment (docs/behaviour.md §6): every
/// phase holds the non-segmented items plus that segment's items.
/// </summary>
internal static class MdqPlanner
{
    public static bool IsSegmented(SfRecord line) => line.Has("SBQQ__SegmentIndex__c");

    internal sealed record Segment(decimal Index, DateOnly Start, DateOnly EndExclusive, string? Label, List<SfRecord> Lines);

    public static void Plan(PlanContext context, OrderFacts facts, ParamValue customer)
    {
        var order = context.Order;
        var start = facts.StartDate(context);
        var term = facts.Term(context);
        var end = OrderFacts.AddTerm(context, start, term);
        var segments = Segments(context, facts.Lines.Where(IsSegmented).ToList(), start, end);
        CheckPhaseCount(context, segments.Count);

        var plain = SyncPlanner.PlanLines(context, facts, facts.Lines.Where(l => !IsSegmented(l)), term);
        var recurringPlain = plain.Where(static l => l.Recurring).ToList();
        var oneTime = plain.Where(static l => !l.Recurring && l.CreditAmount is null).ToList();
        var discounts = CouponPlanner.ForOrder(context, order, facts.Quote, facts.Currency);
        var clones = new List<ParamValue>();
        var autoArchive = plain.Where(static l => l.AutoArchive).Select(static l => l.Price).ToList();

        var startTimestamp = context.Timestamp(start);
        var schedule = new StripeParams()
            .Set("customer", customer)
            .Set("start_date", startTimestamp)
            .Set("end_behavior", "cancel");
        SchedulePlanner.AddPaymentTerms(context, schedule.Child("default_settings"), facts.DaysUntilDue(context, order));
        schedule.Set("metadata", context.Metadata(order));

        var phases = new List<StripeParams>();
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            var segmentTerm = Dates.WholeMonthsBetween(segment.Start, segment.EndExclusive) ?? term;
            var segmentLines = segment.Lines
                .Select(l => PricePlanner.Plan(context, l, facts.Currency, term, SegmentTerm(context, l) ?? segmentTerm))
                .OfType<PlannedLine>()
                .ToList();
            autoArchive.AddRange(segmentLines.Where(static l => l.AutoArchive).Select(static l => l.Price));
            var recurring = recurringPlain.Concat(segmentLines.Where(static l => l.Recurring)).ToList();
            PhaseBuilder.Validate(context, recurring);

            var items = PhaseBuilder.Items(context, recurring.Select(static l => (l, l.Quantity)), s.ToString(CultureInfo.InvariantCulture), clones);
            for (var i = 0; i < recurring.Count; i++)
            {
                if (recurring[i].Line.GetString("SBQQ__SegmentKey__c") is { } key)
                {
                    items[i].Child("metadata").Set(context.MarkerKey("segment_key"), key);
                }
            }

            var phase = new StripeParams().Set("items", items);
            if (s == 0)
            {
                phase.Set("add_invoice_items", PhaseBuilder.InvoiceItems(context, oneTime, facts));
            }

            phase.Set("end_date", context.Timestamp(s == segments.Count - 1 ? end : segment.EndExclusive));
            phase.Set("proration_behavior", s == 0 && !order.GetBool("Skip_Past_Initial_Invoices__c") ? "create_prorations" : "none");
            if (discounts.Count > 0)
            {
                phase.Set("discounts", discounts.Select(static d => d.DeepClone()).ToList());
            }

            var metadata = context.Metadata(order)
                .Set("salesforce_segment_index", Amounts.Format(segment.Index));
            if (segment.Label is not null)
            {
                metadata.Set("salesforce_segment_label", segment.Label);
            }

            phase.Set("metadata", metadata);
            phases.Add(phase);
        }

        schedule.Set("phases", phases);
        FieldMappingApplier.Apply(context, StripeObjectKeys.SubscriptionSchedule, schedule, order);
        var created = context.AddOperation($"subscription_schedule:{order.Id}", StripeOperationKind.CreateSubscriptionSchedule,
            "/v1/subscription_schedules", null, schedule, order);
        context.WriteBackId(order, created, "subscription_schedules");
        PhaseBuilder.Credits(context, plain.Where(static l => l.CreditAmount is not null), customer, facts.Currency, invoice: null);
        PhaseBuilder.Archive(context, autoArchive.Concat(clones));
    }

    /// <summary>
    /// Segments by index; dates from the quote line (Salesforce end dates are inclusive, Stripe's exclusive), else
    /// from the order product. Lines of one segment must end together.
    /// </summary>
    internal static List<Segment> Segments(PlanContext context, List<SfRecord> lines, DateOnly orderStart, DateOnly orderEnd)
    {
        var segments = new List<Segment>();
        var previousEnd = orderStart;
        foreach (var group in lines.GroupBy(static l => l.GetDecimal("SBQQ__SegmentIndex__c")!.Value).OrderBy(static g => g.Key))
        {
            var ends = group.Select(l => EndDate(context, l)).Distinct().ToList();
            if (ends.Count > 1)
            {
                throw context.Failure(SyncErrorCode.MdqSegmentPhaseAmbiguous, group.First(), "SBQQ__EndDate__c",
                    Amounts.Format(group.Key), context.Order.Id, ends.Count);
            }

            var end = ends[0]?.AddDays(1) ?? orderEnd;
            var quoteLine = context.Records.Follow(group.First(), "SBQQ__QuoteLine__c");
            segments.Add(new Segment(group.Key, previousEnd, end, quoteLine?.GetString("SBQQ__SegmentLabel__c"), group.ToList()));
            previousEnd = end;
        }

        return segments;
    }

    /// <summary>
    /// The months a segment line covers, from its quote line (or order product) dates; its UnitPrice is for that
    /// span, not the whole quote term (docs/behaviour.md §3.7). Null when the dates are missing.
    /// </summary>
    internal static int? SegmentTerm(PlanContext context, SfRecord line)
    {
        var quoteLine = context.Records.Follow(line, "SBQQ__QuoteLine__c");
        var start = quoteLine?.GetDate("SBQQ__StartDate__c") ?? line.GetDate("ServiceDate");
        var end = EndDate(context, line);
        return start is { } s && end is { } e ? Dates.WholeMonthsBetween(s, e.AddDays(1)) : null;
    }

    internal static DateOnly? EndDate(PlanContext context, SfRecord line) =>
        context.Records.Follow(line, "SBQQ__QuoteLine__c")?.GetDate("SBQQ__EndDate__c") ?? line.GetDate("EndDate");

    private static void CheckPhaseCount(PlanContext context, int count)
    {
        if (count > context.Settings.MaxSchedulePhases)
        {
            throw context.Failure(SyncErrorCode.TooManyPhases, context.Order, null, context.Order.Id, count, context.Settings.MaxSchedulePhases);
        }
    }
}
