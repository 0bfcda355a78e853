namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// Counts REST API calls against the org's DailyApiRequests allowance over a rolling 24 hours, as Salesforce does,
/// kept in hourly buckets so a long-running sandbox recovers from a used-up allowance.
/// </summary>
internal sealed class ApiUsageMeter(long limit, TimeProvider time)
{
    private const int Hours = 24;

    private readonly Lock _lock = new();
    private readonly long[] _buckets = new long[Hours];
    private long _hour = HourOf(time);

    public long Limit => limit;

    public long Used
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _buckets.Sum();
            }
        }
    }

    /// <summary>Counts one call; false when the allowance is already used up (the call is then refused, not counted).</summary>
    public bool TryConsume()
    {
        lock (_lock)
        {
            Roll();
            if (_buckets.Sum() >= limit)
            {
                return false;
            }

            _buckets[_hour % Hours]++;
            return true;
        }
    }

    /// <summary>Uses up what is left of the allowance now; it comes back as the hours roll by, or on <see cref="Reset"/>.</summary>
    public void Exhaust()
    {
        lock (_lock)
        {
            Roll();
            _buckets[_hour % Hours] += Math.Max(0, limit - _buckets.Sum());
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            Array.Clear(_buckets);
        }
    }

    /// <summary>The value of the <c>Sforce-Limit-Info</c> header.</summary>
    public string LimitInfo => $"api-usage={Used}/{limit}";

    private static long HourOf(TimeProvider time) => time.GetUtcNow().ToUnixTimeSeconds() / 3600;

    /// <summary>Empties the buckets of hours that have passed since the last call.</summary>
    private void Roll()
    {
        var now = HourOf(time);
        for (var hour = _hour + 1; hour <= now && hour <= _hour + Hours; hour++)
        {
            _buckets[hour % Hours] = 0;
        }

        _hour = Math.Max(_hour, now);
    }
}
