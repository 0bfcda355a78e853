namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// What clients did on the Pub/Sub API. Salesforce doesn't count Pub/Sub calls against the REST API's daily
/// allowance (DailyApiRequests); events delivered count against the org's event delivery allocation instead. Kept
/// apart from the REST meter so a test can tell an idle subscriber costs no REST call.
/// </summary>
public sealed class PubSubUsage
{
    private long _calls;
    private long _fetchRequests;
    private long _eventsDelivered;

    /// <summary>RPCs started: GetTopic, GetSchema and Subscribe streams.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>FetchRequests received on Subscribe streams (the first one of each stream included).</summary>
    public long FetchRequests => Interlocked.Read(ref _fetchRequests);

    /// <summary>Change events delivered to subscribers (keep-alives not counted).</summary>
    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);

    internal void CountCall() => Interlocked.Increment(ref _calls);

    internal void CountFetchRequest() => Interlocked.Increment(ref _fetchRequests);

    internal void CountDelivered(int events) => Interlocked.Add(ref _eventsDelivered, events);

    /// <summary>The counts as <c>/_sandbox/stats</c> shows them.</summary>
    internal Stats.PubSubCounts Read() => new() { Calls = Calls, FetchRequests = FetchRequests, EventsDelivered = EventsDelivered };

    /// <summary>Starts the counts again from zero, with the sandbox's other request counts (<c>DELETE /_sandbox/stats</c>).</summary>
    internal void Reset()
    {
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _fetchRequests, 0);
        Interlocked.Exchange(ref _eventsDelivered, 0);
    }
}
