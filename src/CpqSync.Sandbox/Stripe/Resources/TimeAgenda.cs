using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// When time next changes something: each schedule and subscription on the account's clock filed under the moment it
/// next moves (a phase boundary, a period end, a trial end, <c>cancel_at</c>), and those loaded from a data
/// directory (due at once). A write brings what it touched up to date itself before it commits
/// (<see cref="ScheduleEngine.AdvanceWritten"/>). A request asks <see cref="IsDue"/>, which is cheap, and only when
/// something is due runs alone to advance it, so requests cost nothing in proportion to the account's size. Objects
/// on a test clock only move when their clock is advanced, which advances them itself. Thread-safe.
/// </summary>
internal sealed class TimeAgenda
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<JsonObject, long> _queue = new();
    private readonly Dictionary<JsonObject, long> _due = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonObject> _pending = new(ReferenceEqualityComparer.Instance);

    public bool IsDue(long now)
    {
        lock (_lock)
        {
            return _pending.Count > 0 || (_queue.TryPeek(out _, out var due) && due <= now);
        }
    }

    /// <summary>Files what was loaded to be brought up to date before the next request.</summary>
    public void Touched(IEnumerable<JsonObject> objects, StripeStore store)
    {
        var movable = Movable(objects, store);
        lock (_lock)
        {
            _pending.UnionWith(movable);
        }
    }

    /// <summary>The objects time moves among <paramref name="objects"/>: schedules and subscriptions, and the subscriptions of items.</summary>
    public static List<JsonObject> Movable(IEnumerable<JsonObject> objects, StripeStore store)
    {
        var movable = new List<JsonObject>();
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var item in objects)
        {
            switch (item["object"]?.GetValue<string>())
            {
                case "subscription" or "subscription_schedule" when seen.Add(item):
                    movable.Add(item);
                    break;
                case "subscription_item" when item["subscription"]?.GetValue<string>() is { } subscriptionId
                                              && store.Find("subscription", subscriptionId) is { } subscription
                                              && seen.Add(subscription):
                    movable.Add(subscription);
                    break;
            }
        }

        return movable;
    }

    /// <summary>Takes every object due at <paramref name="now"/>: the pending ones and those whose moment has come.</summary>
    public List<JsonObject> TakeDue(long now)
    {
        lock (_lock)
        {
            return TakeDueLocked(now);
        }
    }

    private List<JsonObject> TakeDueLocked(long now)
    {
        var due = new List<JsonObject>(_pending);
        _pending.Clear();
        while (_queue.TryPeek(out var item, out var at) && at <= now)
        {
            _queue.Dequeue();
            if (_due.TryGetValue(item, out var filed) && filed == at)
            {
                _due.Remove(item);
                due.Add(item);
            }
        }

        return due;
    }

    /// <summary>Files <paramref name="item"/> under the moment it next changes, or forgets it when nothing will.</summary>
    public void Schedule(JsonObject item, long? at)
    {
        lock (_lock)
        {
            ScheduleLocked(item, at);
        }
    }

    private void ScheduleLocked(JsonObject item, long? at)
    {
        if (at is not { } moment)
        {
            _due.Remove(item);
            return;
        }

        if (_due.TryGetValue(item, out var filed) && filed == moment)
        {
            return;
        }

        _due[item] = moment;
        _queue.Enqueue(item, moment);
    }
}
