using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Moves schedules and subscriptions along with emulated time (the account clock, or the customer's test clock): a
/// schedule starts its subscription when its first phase begins, switches the subscription's items as each phase
/// begins, and at the end of the last phase applies <c>end_behavior</c> (release keeps the subscription, cancel ends it).
/// </summary>
internal static class ScheduleEngine
{
    private const string AppliedPhase = "_applied_phase_start";

    /// <summary>Brings the schedules and subscriptions of a test clock's customers up to the clock's time.</summary>
    public static void AdvanceClock(StripeAccount account, string clockId)
    {
        foreach (var customer in account.Store.NewestFirst("customer", "test_clock", clockId).Reverse().ToList())
        {
            var customerId = customer["id"]!.GetValue<string>();
            Advance(account,
                [.. account.Store.NewestFirst("subscription_schedule", "customer", customerId).Reverse()],
                [.. account.Store.NewestFirst("subscription", "customer", customerId)]);
        }
    }

    /// <summary>
    /// Brings what <see cref="TimeAgenda"/> holds due up to now, within one transaction so the store re-indexes what
    /// moved, and files each object again under the moment it next changes. Runs alone (no other request runs).
    /// </summary>
    public static void AdvanceDue(StripeAccount account)
    {
        var due = account.Agenda.TakeDue(account.Now);
        var store = account.Store;
        store.Begin(write: true);
        try
        {
            var moved = AdvanceAll(account, due);
            store.Commit();
            Schedule(account, moved);
        }
        catch
        {
            store.Rollback();
            throw;
        }
        finally
        {
            store.Release();
        }
    }

    /// <summary>
    /// Brings the schedules and subscriptions a write touched up to now inside the write's own transaction (as the
    /// next request used to), returning each with the moment it next changes, for <see cref="Schedule"/> once the
    /// write commits.
    /// </summary>
    public static List<(JsonObject Item, long? At)> AdvanceWritten(StripeAccount account, IReadOnlyCollection<JsonObject> touched) =>
        AdvanceAll(account, TimeAgenda.Movable(touched, account.Store));

    /// <summary>Files each advanced object under the moment it next changes.</summary>
    public static void Schedule(StripeAccount account, List<(JsonObject Item, long? At)> moved)
    {
        foreach (var (item, at) in moved)
        {
            account.Agenda.Schedule(item, at);
        }
    }

    private static List<(JsonObject Item, long? At)> AdvanceAll(StripeAccount account, List<JsonObject> due)
    {
        var store = account.Store;
        var schedules = due.Where(item => Kind(item) == "subscription_schedule" && Stored(store, item))
            .OrderBy(item => item["created"]?.GetValue<long>() ?? 0).ToList();
        var subscriptions = due.Where(item => Kind(item) == "subscription" && Stored(store, item)).ToList();
        var moved = Advance(account, schedules, subscriptions);
        return [.. schedules.Concat(moved).Select(item => (item, NextChange(account, item)))];
    }

    /// <returns>The subscriptions advanced: those given and those the schedules started or changed.</returns>
    private static List<JsonObject> Advance(StripeAccount account, List<JsonObject> schedules, List<JsonObject> subscriptions)
    {
        var moved = new List<JsonObject>(subscriptions);
        foreach (var schedule in schedules)
        {
            if (schedule["status"]!.GetValue<string>() is "not_started" or "active")
            {
                AdvanceSchedule(account, schedule, Subscriptions.NowFor(account, schedule["customer"]!.GetValue<string>()));
            }

            if ((schedule["subscription"] ?? schedule["released_subscription"])?.GetValue<string>() is { } subscriptionId
                && account.Store.Find("subscription", subscriptionId) is { } started
                && !moved.Contains(started, ReferenceEqualityComparer.Instance))
            {
                moved.Add(started);
            }
        }

        foreach (var subscription in moved)
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

        return moved;
    }

    /// <summary>
    /// The next moment on the account's clock at which time changes <paramref name="item"/>; none for finished objects
    /// and for those on a test clock (advancing the clock moves them).
    /// </summary>
    private static long? NextChange(StripeAccount account, JsonObject item)
    {
        if (item["customer"]?.GetValue<string>() is not { } customerId
            || account.Store.Find("customer", customerId)?["test_clock"]?.GetValue<string>() is not null)
        {
            return null;
        }

        var now = account.Now;
        IEnumerable<long?> moments = Kind(item) switch
        {
            "subscription_schedule" when item["status"]!.GetValue<string>() is "not_started" or "active" =>
                item["phases"]!.AsArray().SelectMany(phase => new[] { phase!["start_date"]?.GetValue<long>(), phase["end_date"]?.GetValue<long>() }),
            "subscription" when item["status"]!.GetValue<string>() is not ("canceled" or "incomplete_expired") =>
                Subscriptions.Items(account, item["id"]!.GetValue<string>())
                    .Select(subscriptionItem => subscriptionItem["current_period_end"]?.GetValue<long>())
                    .Append(item["trial_end"]?.GetValue<long>())
                    .Append(item["cancel_at"]?.GetValue<long>()),
            _ => [],
        };
        return moments.Where(moment => moment > now).Min();
    }

    private static string? Kind(JsonObject item) => item["object"]?.GetValue<string>();

    private static bool Stored(StripeStore store, JsonObject item) =>
        store.Find(Kind(item)!, item["id"]!.GetValue<string>()) == item;

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
