using System.Threading.RateLimiting;

namespace CpqSync.Stripe;

/// <summary>
/// How many orders to keep in flight to fill the Stripe rate: by Little's law, requests in flight = rate × latency,
/// and an order has one Stripe request out at a time, spending part of its time elsewhere (Salesforce, the store),
/// so twice that plus two, between <c>4</c> and the caller's ceiling. Latency is each attempt's time on the wire,
/// averaged (exponentially, over about the last 20 requests); until one is seen it is taken as 250 ms.
/// </summary>
/// <remarks>
/// When orders spend more of their time elsewhere than that allows (their write-backs and store writes landing
/// together, a slow org), the pacing bucket shows it: it sits full with nothing waiting for a token, so the rate goes
/// unused. Each time the worker asks, one more order is allowed while that is so, and one fewer (down to the Little's
/// law figure) while more than a burst's worth of requests wait for tokens, so the orders in flight follow what the
/// rate needs without holding the whole ceiling.
/// </remarks>
public sealed class StripeThroughput
{
    private const double AssumedLatencySeconds = 0.25;
    private const double Smoothing = 0.05;
    private const int Floor = 4;
    private readonly Lock _lock = new();
    private readonly double _requestsPerSecond;
    private readonly RateLimiter? _pacing;
    private readonly int _burst;
    private double _latencySeconds = AssumedLatencySeconds;
    private int _extra;

    /// <summary>Sized from rate × latency alone.</summary>
    public StripeThroughput(double requestsPerSecond)
        : this(requestsPerSecond, pacing: null)
    {
    }

    /// <param name="pacing">The pacing bucket (<see cref="StripeRateLimiter.Limiter"/>) whose idle or queued tokens adjust the size.</param>
    internal StripeThroughput(double requestsPerSecond, RateLimiter? pacing)
    {
        _requestsPerSecond = requestsPerSecond;
        _pacing = pacing;
        _burst = StripeRateLimiter.Burst(requestsPerSecond);
    }

    public double RequestsPerSecond => _requestsPerSecond;

    /// <summary>The averaged time of one Stripe request on the wire.</summary>
    public TimeSpan Latency
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds(_latencySeconds);
            }
        }
    }

    /// <summary>
    /// Orders to run at once to keep the rate filled, at most <paramref name="ceiling"/>; each call also moves the
    /// adjustment the pacing bucket asks for by one (see the remarks), so the worker asks once per lease decision.
    /// </summary>
    public int OrdersInFlight(int ceiling)
    {
        var sized = (int)Math.Ceiling(_requestsPerSecond * Latency.TotalSeconds * 2) + 2;
        return Math.Clamp(sized + Adjust(Math.Max(0, ceiling - sized)), Math.Min(Floor, ceiling), Math.Max(1, ceiling));
    }

    private int Adjust(int room)
    {
        if (_pacing?.GetStatistics() is not { } pacing)
        {
            return 0;
        }

        lock (_lock)
        {
            if (pacing.CurrentQueuedCount == 0 && pacing.CurrentAvailablePermits >= _burst)
            {
                _extra++;
            }
            else if (pacing.CurrentQueuedCount > _burst)
            {
                _extra--;
            }

            _extra = Math.Clamp(_extra, 0, room);
            return _extra;
        }
    }

    /// <summary>Adds one request's time on the wire to the average.</summary>
    public void Observe(TimeSpan latency)
    {
        lock (_lock)
        {
            _latencySeconds += Smoothing * (Math.Max(0, latency.TotalSeconds) - _latencySeconds);
        }
    }

    /// <summary>Times each Stripe attempt.</summary>
    internal sealed class Timing(StripeThroughput throughput, TimeProvider time) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                throughput.Observe(time.GetElapsedTime(started));
            }
        }
    }
}
