using System.Diagnostics.Metrics;

namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// The client's instruments on the meter <c>CpqSync.Salesforce.PubSub</c>: Pub/Sub API calls by method (they do not
/// count against the org's REST API allowance), events and keep-alives received, reconnections.
/// </summary>
public sealed class PubSubMetrics
{
    public const string MeterName = "CpqSync.Salesforce.PubSub";

    private static readonly Meter SharedMeter = new(MeterName);

    private readonly Counter<long> _calls;
    private readonly Counter<long> _events;
    private readonly Counter<long> _keepAlives;
    private readonly Counter<long> _reconnects;
    private long _callCount;
    private long _eventCount;
    private long _keepAliveCount;

    public PubSubMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? SharedMeter;
        _calls = meter.CreateCounter<long>("cpqsync.salesforce.pubsub.calls", "{call}", "Pub/Sub API calls (GetTopic, GetSchema, Subscribe streams opened), by method.");
        _events = meter.CreateCounter<long>("cpqsync.salesforce.pubsub.events", "{event}", "Change events received, by topic.");
        _keepAlives = meter.CreateCounter<long>("cpqsync.salesforce.pubsub.keepalives", "{response}", "Keep-alive responses (no events) received.");
        _reconnects = meter.CreateCounter<long>("cpqsync.salesforce.pubsub.reconnects", "{stream}", "Subscriptions reopened after a failed or stalled stream.");
    }

    /// <summary>Calls made through this instance so far.</summary>
    public long Calls => Interlocked.Read(ref _callCount);

    public long Events => Interlocked.Read(ref _eventCount);

    public long KeepAlives => Interlocked.Read(ref _keepAliveCount);

    internal void Call(string method)
    {
        Interlocked.Increment(ref _callCount);
        _calls.Add(1, new KeyValuePair<string, object?>("rpc.method", method));
    }

    internal void Received(string topic, int events)
    {
        if (events == 0)
        {
            Interlocked.Increment(ref _keepAliveCount);
            _keepAlives.Add(1);
            return;
        }

        Interlocked.Add(ref _eventCount, events);
        _events.Add(events, new KeyValuePair<string, object?>("topic", topic));
    }

    internal void Reconnect() => _reconnects.Add(1);
}
