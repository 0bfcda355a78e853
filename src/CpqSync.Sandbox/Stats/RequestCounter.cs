using System.Collections.Concurrent;

namespace CpqSync.Sandbox.Stats;

/// <summary>
/// Counts the requests a sandbox receives, per endpoint: a concurrent map of counters updated with
/// <see cref="Interlocked"/>, so counting takes no lock that requests would queue on. A reset swaps in a fresh tally;
/// a request still running across it counts in the old one.
/// </summary>
/// <param name="salesforce">True for the org: its counts carry API usage, subrequests and records.</param>
internal sealed class RequestCounter(TimeProvider time, bool salesforce)
{
    /// <summary>The route of a request that matched no endpoint (an unknown URL or method).</summary>
    public const string Unrouted = "(unrouted)";

    private Tally _tally = new(time.GetUtcNow());

    public void Record(string method, string route, int statusCode, bool dropped, CountedCall call)
    {
        var tally = Volatile.Read(ref _tally);
        var counts = tally.Endpoints.GetOrAdd((method, route), static _ => new Counts());
        counts.Add(statusCode, dropped, call);
        tally.Totals.Add(statusCode, dropped, call);
    }

    public void Reset() => Volatile.Write(ref _tally, new Tally(time.GetUtcNow()));

    public SandboxStats Read(PubSubCounts? pubSub)
    {
        var tally = Volatile.Read(ref _tally);
        var endpoints = new SortedDictionary<string, EndpointCounts>(StringComparer.Ordinal);
        foreach (var ((method, route), counts) in tally.Endpoints)
        {
            endpoints[method + " " + route] = counts.Read(salesforce);
        }

        return new SandboxStats { Since = tally.Since, Totals = tally.Totals.Read(salesforce), Endpoints = endpoints, PubSub = pubSub };
    }

    private sealed class Tally(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public ConcurrentDictionary<(string Method, string Route), Counts> Endpoints { get; } = new();

        public Counts Totals { get; } = new();
    }

    private sealed class Counts
    {
        private long _requests;
        private long _2xx;
        private long _3xx;
        private long _4xx;
        private long _5xx;
        private long _429;
        private long _dropped;
        private long _apiUsage;
        private long _subrequests;
        private long _records;

        public void Add(int statusCode, bool dropped, CountedCall call)
        {
            Interlocked.Increment(ref _requests);
            if (dropped)
            {
                Interlocked.Increment(ref _dropped);
            }
            else
            {
                switch (statusCode / 100)
                {
                    case 2:
                        Interlocked.Increment(ref _2xx);
                        break;
                    case 3:
                        Interlocked.Increment(ref _3xx);
                        break;
                    case 4:
                        Interlocked.Increment(ref _4xx);
                        break;
                    case 5:
                        Interlocked.Increment(ref _5xx);
                        break;
                    default:
                        break;
                }

                if (statusCode == 429)
                {
                    Interlocked.Increment(ref _429);
                }
            }

            AddIfAny(ref _apiUsage, call.ApiUsage);
            AddIfAny(ref _subrequests, call.Subrequests);
            AddIfAny(ref _records, call.Records);
        }

        public EndpointCounts Read(bool salesforce) => new()
        {
            Requests = Interlocked.Read(ref _requests),
            Status2xx = Interlocked.Read(ref _2xx),
            Status3xx = Interlocked.Read(ref _3xx),
            Status4xx = Interlocked.Read(ref _4xx),
            Status5xx = Interlocked.Read(ref _5xx),
            RateLimited = Interlocked.Read(ref _429),
            Dropped = Interlocked.Read(ref _dropped),
            ApiUsage = salesforce ? Interlocked.Read(ref _apiUsage) : null,
            Subrequests = salesforce ? Interlocked.Read(ref _subrequests) : null,
            Records = salesforce ? Interlocked.Read(ref _records) : null,
        };

        private static void AddIfAny(ref long counter, int value)
        {
            if (value != 0)
            {
                Interlocked.Add(ref counter, value);
            }
        }
    }
}

/// <summary>
/// What an endpoint tells the counter about the request it serves (an HTTP feature set by the counting middleware):
/// a route of its own when one catch-all serves many (the Salesforce REST API), and the org's figures.
/// </summary>
internal sealed class CountedCall
{
    private int _finished;

    public string? Route { get; set; }

    /// <summary>1 once the call is counted against the org's daily API allowance.</summary>
    public int ApiUsage { get; set; }

    public int Subrequests { get; set; }

    public int Records { get; set; }

    /// <summary>True the first time only: a request is counted once, however it ends.</summary>
    public bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
}
