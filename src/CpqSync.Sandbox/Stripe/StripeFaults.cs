using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe;

/// <summary>The sandbox's faults, changeable while it runs (from code, or over HTTP at <c>/_sandbox/faults</c>).</summary>
public sealed class StripeFaults
{
    private readonly Lock _lock = new();
    private readonly StripeFaultOptions _options;

    internal StripeFaults(StripeFaultOptions initial)
    {
        _options = Copy(initial);
    }

    /// <summary>The faults in force now (a copy).</summary>
    public StripeFaultOptions Current
    {
        get
        {
            lock (_lock)
            {
                return Copy(_options);
            }
        }
    }

    /// <summary>Replaces every fault setting at once.</summary>
    public void Set(StripeFaultOptions faults)
    {
        lock (_lock)
        {
            Assign(_options, faults);
        }
    }

    public void Update(Action<StripeFaultOptions> change)
    {
        lock (_lock)
        {
            change(_options);
        }
    }

    public void Reset() => Set(new StripeFaultOptions());

    internal TimeSpan Latency => Current.Latency;

    internal bool? ShouldRetry => Current.ShouldRetry;

    /// <summary>Whether to answer this request <c>429 rate_limit</c>; consumes one of the "next N" counters.</summary>
    internal bool TakeRateLimit()
    {
        lock (_lock)
        {
            if (_options.RateLimitNextRequests <= 0)
            {
                return false;
            }

            _options.RateLimitNextRequests--;
            return true;
        }
    }

    /// <summary>Whether to answer this request <c>500 api_error</c> before it runs.</summary>
    internal bool TakeServerError()
    {
        lock (_lock)
        {
            if (_options.FailNextRequests > 0)
            {
                _options.FailNextRequests--;
                return true;
            }

            return _options.ServerErrorRate > 0 && Random.Shared.NextDouble() < _options.ServerErrorRate;
        }
    }

    /// <summary>Whether to drop the connection of a request that has run, instead of answering it.</summary>
    internal bool DropAfterRequest()
    {
        lock (_lock)
        {
            if (_options.DropNextRequests > 0)
            {
                _options.DropNextRequests--;
                return true;
            }

            return _options.DropConnectionRate > 0 && Random.Shared.NextDouble() < _options.DropConnectionRate;
        }
    }

    internal JsonObject ToJson()
    {
        var faults = Current;
        return new JsonObject
        {
            ["latency_ms"] = (long)faults.Latency.TotalMilliseconds,
            ["server_error_rate"] = faults.ServerErrorRate,
            ["drop_connection_rate"] = faults.DropConnectionRate,
            ["fail_next_requests"] = faults.FailNextRequests,
            ["drop_next_requests"] = faults.DropNextRequests,
            ["rate_limit_next_requests"] = faults.RateLimitNextRequests,
            ["should_retry"] = faults.ShouldRetry,
        };
    }

    private static StripeFaultOptions Copy(StripeFaultOptions source)
    {
        var copy = new StripeFaultOptions();
        Assign(copy, source);
        return copy;
    }

    private static void Assign(StripeFaultOptions target, StripeFaultOptions source)
    {
        target.Latency = source.Latency;
        target.ServerErrorRate = source.ServerErrorRate;
        target.DropConnectionRate = source.DropConnectionRate;
        target.FailNextRequests = source.FailNextRequests;
        target.DropNextRequests = source.DropNextRequests;
        target.RateLimitNextRequests = source.RateLimitNextRequests;
        target.ShouldRetry = source.ShouldRetry;
    }
}
