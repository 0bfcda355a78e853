using CpqSync.Sandbox.Salesforce.Http;
using CpqSync.Sandbox.Salesforce.OAuth;

namespace CpqSync.Sandbox.Salesforce;

/// <summary>
/// The faults of a running sandbox, changeable at any time (also over HTTP at <c>/_sandbox/faults</c>).
/// Latency, errors and dropped connections apply to the REST API (<c>/services/data</c>), not to OAuth.
/// </summary>
public sealed class SalesforceFaults
{
    private readonly TokenStore _tokens;
    private readonly ApiUsageMeter _usage;
    private long _latencyTicks;
    private double _errorRate;
    private double _dropRate;

    internal SalesforceFaults(SalesforceFaultOptions options, TokenStore tokens, ApiUsageMeter usage)
    {
        _tokens = tokens;
        _usage = usage;
        Latency = options.Latency;
        ErrorRate = options.ErrorRate;
        DropRate = options.DropRate;
    }

    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Share of REST calls (0 to 1) answered with 500 UNKNOWN_EXCEPTION or 503 SERVER_UNAVAILABLE.</summary>
    public double ErrorRate
    {
        get => Volatile.Read(ref _errorRate);
        set => Volatile.Write(ref _errorRate, Math.Clamp(value, 0, 1));
    }

    /// <summary>Share of REST calls (0 to 1) whose connection is aborted without an answer.</summary>
    public double DropRate
    {
        get => Volatile.Read(ref _dropRate);
        set => Volatile.Write(ref _dropRate, Math.Clamp(value, 0, 1));
    }

    /// <summary>Ends every session: all access tokens issued so far get 401 INVALID_SESSION_ID. Refresh tokens still work.</summary>
    public void ExpireSessions() => _tokens.ExpireAccessTokens();

    /// <summary>Uses up the daily allowance: REST calls get 403 REQUEST_LIMIT_EXCEEDED until <see cref="ResetApiUsage"/>.</summary>
    public void ExhaustApiLimit() => _usage.Exhaust();

    public void ResetApiUsage() => _usage.Reset();
}
