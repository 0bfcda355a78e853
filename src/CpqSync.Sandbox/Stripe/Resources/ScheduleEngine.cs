using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Moves schedules and subscriptions along with emulated time (the account clock, or the customer's test clock): a
/// schedule starts its subscription when its first phase begins, switches the subscription's items as each phase
/// begins, and at the end of the last phase applies <c>end_behavior</c> (release keeps the subscription, cancel ends it).
/// </summary>
internal static class ScheduleEngine
{
    private const string AppliedPhase = "_applied_phase_start";

    public static void Advance(StripeAccount account)
    {
        foreach (var schedule in account.Store.NewestFirst("subscription_schedule").Reverse().ToList())
        {
            if (schedule["status"]!.GetValue<string>() is "not_started" or "active")
            {
                AdvanceSchedule(account, schedule, Subscriptions.NowFor(account, schedule["customer"]!.GetValue<string>()));
            }
        }

        foreach (var subscription in account.Store.NewestFirst("subscription").ToList())
        {
            var now = Subscriptions.NowFor(account, subscription["customer"]!.GetValue<string>());
            if (subscription["status"]!.GetValue<string>() == "canceled")
            {
                continue;
            }

            Subscriptions.RefreshPeriods(account, subscription, now);
            var cancelAt = subscription["cancel_at"]?.GetValue<long>();
            if (cancelAt <= now)
            {
                Subscriptions.Cancel(account, subscription, cancelAt.Value, "cancellation_requested");
            }
        }
    }

    /// <summary>Forgets which phase was applied, so the next advance re-applies the current one (after an update).</summary>
    public static void Reapply(JsonObject schedule) => schedule.Remove(AppliedPhase);

    /// <summary>Records that the subscription already bills the phase starting at <paramref name="phaseStart"/>.</summary>
    public static void MarkApplied(JsonObject schedule, long phaseStart) => schedule[AppliedPhase] = phaseStart;

    public static void AdvanceSchedule(StripeAccount account, JsonObject schedule, long now)
    {
        var phases = schedule["phases"]!.AsArray().Select(p => p!.AsObject()).ToList();
        var start = phases[0]["start_date"]!.GetValue<long>();
        var end = phases[^1]["end_date"]!.GetValue<long>();
        if (now < start)
        {
            schedule["current_phase"] = null;
            return;
        }

        var phase = phases.FirstOrDefault(p => p["start_date"]!.GetValue<long>() <= now && now < p["end_date"]!.GetValue<long>())
            ?? phases[^1];
        var subscription = schedule["subscription"]?.GetValue<string>() is { } subscriptionId
            ? account.Store.Find("subscription", subscriptionId)
            : null;
        if (subscription is null)
        {
            subscription = Subscriptions.Start(account, schedule, phase, now);
            schedule["subscription"] = subscription["id"]!.DeepClone();
            schedule["status"] = "active";
            schedule[AppliedPhase] = phase["start_date"]!.DeepClone();
        }
        else if (schedule[AppliedPhase]?.GetValue<long>() != phase["start_date"]!.GetValue<long>())
        {
            Subscriptions.ApplyPhase(account, subscription, phase, now);
            schedule[AppliedPhase] = phase["start_date"]!.DeepClone();
        }

        schedule["current_phase"] = new JsonObject
        {
            ["end_date"] = phase["end_date"]!.DeepClone(),
            ["start_date"] = phase["start_date"]!.DeepClone(),
        };
        if (now >= end)
        {
            Finish(account, schedule, subscription, end);
        }
    }

    private static void Finish(StripeAccount account, JsonObject schedule, JsonObject subscription, long end)
    {
        schedule["current_phase"] = null;
        if (schedule["end_behavior"]!.GetValue<string>() == "cancel")
        {
            schedule["status"] = "completed";
            schedule["completed_at"] = end;
            Subscriptions.Cancel(account, subscription, end, "cancellation_requested");
            return;
        }

        Release(schedule, subscription, end);
    }

    /// <summary>Detaches the subscription, which keeps billing its last phase on its own.</summary>
    public static void Release(JsonObject schedule, JsonObject? subscription, long at)
    {
        schedule["status"] = "released";
        schedule["released_at"] = at;
        schedule["released_subscription"] = subscription?["id"]?.DeepClone();
        schedule["subscription"] = null;
        schedule["current_phase"] = null;
        if (subscription is not null)
        {
            subscription["schedule"] = null;
        }
    }
}
