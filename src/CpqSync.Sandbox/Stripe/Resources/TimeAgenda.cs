using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// When time next changes something: each schedule and subscription on the account's clock filed under the moment it
/// next moves (a phase boundary, a period end, a trial end, <c>cancel_at</c>), and those a write touched (due at
/// once, as every request used to bring all of them up to date). A request asks <see cref="IsDue"/>, which is cheap
/// and safe under the shared read lock, and only when something is due takes the write lock to advance it, so
/// requests cost nothing in proportion to the account's size. Objects on a test clock only move when their clock
/// is advanced, which advances them itself.
/// </summary>
internal sealed class TimeAgenda
{
    private readonly PriorityQueue<JsonObject, long> _queue = new();
    private readonly Dictionary<JsonObject, long> _due = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonObject> _pending = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether objects are being advanced, so what that touches isn't filed as pending again.</summary>
    public bool Advancing { get; set; }

    public bool IsDue(long now) => _pending.Count > 0 || (_queue.TryPeek(out _, out var due) && due <= now);

    /// <summary>Files what a write touched (or what was loaded) to be brought up to date before the next request.</summary>
    public void Touched(IEnumerable<JsonObject> objects, StripeStore store)
    {
        if (Advancing)
        {
            return;
        }

        foreach (var item in objects)
        {
            switch (item["object"]?.GetValue<string>())
            {
                case "subscription" or "subscription_schedule":
                    _pending.Add(item);
                    break;
                case "subscription_item" when item["subscription"]?.GetValue<string>() is { } subscriptionId
                                              && store.Find("subscription", subscriptionId) is { } subscription:
                    _pending.Add(subscription);
                    break;
            }
        }
    }

    /// <summary>Takes every object due at <paramref name="now"/>: the pending ones and those whose moment has come.</summary>
    public List<JsonObject> TakeDue(long now)
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
