using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Salesforce;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Finishes the last step of a schedule's plan that a crash cut short: the prices used once (line prices, clones,
/// proration prices, marked <c>auto_archive</c>) are archived after the schedule is made or the amendment applied
/// (docs/behaviour.md §4.11, §3.11), so a run killed between the two left them active.
/// </summary>
/// <remarks>
/// It applies only when the order's schedule, or the phase naming the amendment, was found by recovery (Stripe holds
/// it but Salesforce was never told, so the run died before its write-back and maybe before the archiving). The order
/// is planned as if that schedule or phase did not exist; of the plan, only the archiving is kept, with the creations
/// of the prices it archives: they carry their usual idempotency keys (a clone's names its order and phase), so Stripe
/// answers them with the prices the killed run made, and those are archived. A sync that was not interrupted costs
/// nothing more: its ids were written back, so nothing was recovered.
/// </remarks>
internal static class ArchiveCompletion
{
    /// <returns>The plan archiving what the interrupted run left active; <see langword="null"/> when there is nothing to archive.</returns>
    public static SyncPlan? Plan(ResolvedSnapshot resolved, SyncConfiguration configuration, DateTimeOffset now)
    {
        var order = resolved.Snapshot.Order;
        if (!resolved.RecoveredIds.TryGetValue(order.Id, out var recovered) || !resolved.State.Schedules.TryGetValue(recovered, out var schedule))
        {
            return null;
        }

        // The schedule as it was before this order's change: without it (an initial order), or without the amendment's phases.
        var prefix = configuration.Settings.MetadataPrefix;
        var keys = new[] { $"{prefix}order_id", $"{prefix}termination_order_id" };
        var phases = schedule.Phases.Where(p => !keys.Any(k => p.Metadata.TryGetValue(k, out var id) && id == order.Id)).ToList();
        var schedules = resolved.State.Schedules.Where(s => s.Key != recovered).ToDictionary(StringComparer.Ordinal);
        if (phases.Count > 0)
        {
            // An amendment's: the earlier orders' phases stay.
            schedules[recovered] = schedule with { Phases = phases };
        }

        var records = new Core.Records.RecordSet(
            resolved.Snapshot.Records.All.Select(r => r.Id == order.Id ? r.With(PackageFields.StripeId, null) : r));
        var state = resolved.State with { Schedules = schedules };
        if (SyncPlanner.Plan(new SyncInput(records, order.Id, state, configuration, now)).Plan is not { } plan)
        {
            return null;
        }

        var archives = plan.Operations.Where(static o => o.Kind == StripeOperationKind.ArchivePrice).ToList();
        if (archives.Count == 0)
        {
            return null;
        }

        // The archiving and every operation it names, directly or through the prices' own parameters (a clone's original).
        var byId = plan.Operations.ToDictionary(static o => o.Id, StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<StripeOperation>(archives);
        while (pending.TryPop(out var operation))
        {
            if (!kept.Add(operation.Id))
            {
                continue;
            }

            var references = operation.Params.Select(static p => p.Value).Where(static v => v.IsReference).Select(static v => v.Ref!);
            if (operation.Target is { IsReference: true } target)
            {
                references = references.Append(target.Ref!);
            }

            foreach (var reference in references)
            {
                if (byId.TryGetValue(reference, out var named))
                {
                    pending.Push(named);
                }
            }
        }

        // Write-backs of what is kept only (a new line price's id); the order's own id is written back as recovered.
        var writeBacks = plan.WriteBacks
            .Where(w => w.RecordId != order.Id)
            .Select(w => w with { Fields = w.Fields.Where(f => !f.Value.IsReference || kept.Contains(f.Value.Ref!)).ToList() })
            .Where(static w => w.Fields.Count > 0)
            .ToList();
        return plan with { Operations = plan.Operations.Where(o => kept.Contains(o.Id)).ToList(), WriteBacks = writeBacks };
    }
}
