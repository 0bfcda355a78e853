namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>Counts REST API calls against the org's daily allowance (DailyApiRequests).</summary>
internal sealed class ApiUsageMeter(long limit)
{
    private long _used;

    public long Limit => limit;

    public long Used => Interlocked.Read(ref _used);

    /// <summary>Counts one call; false when the allowance is already used up (the call is then refused, not counted).</summary>
    public bool TryConsume()
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + 1, used) == used)
            {
                return true;
            }
        }
    }

    public void Exhaust() => Interlocked.Exchange(ref _used, limit);

    public void Reset() => Interlocked.Exchange(ref _used, 0);

    /// <summary>The value of the <c>Sforce-Limit-Info</c> header.</summary>
    public string LimitInfo => $"api-usage={Used}/{limit}";
}
