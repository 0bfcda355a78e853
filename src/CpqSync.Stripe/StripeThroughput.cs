namespace CpqSync.Stripe;

/// <summary>
/// How many orders to keep in flight to fill the Stripe rate: by Little's law, requests in flight = rate × latency,
/// and an order has one Stripe request out at a time, spending part of its time elsewhere (Salesforce, the store),
/// so twice that plus two, between <c>4</c> and the caller's ceiling. Latency is each attempt's time on the wire,
/// averaged (exponentially, over about the last 20 requests); until one is seen it is taken as 250 ms.
/// </summary>
public sealed class StripeThroughput(double requestsPerSecond)
{
    private const double AssumedLatencySeconds = 0.25;
    private const double Smoothing = 0.05;
    private const int Floor = 4;
    private readonly Lock _lock = new();
    private double _latencySeconds = AssumedLatencySeconds;

    public double RequestsPerSecond => requestsPerSecond;

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

    /// <summary>Orders to run at once to keep the rate filled, at most <paramref name="ceiling"/>.</summary>
    public int OrdersInFlight(int ceiling) =>
        Math.Clamp((int)Math.Ceiling(requestsPerSecond * Latency.TotalSeconds * 2) + 2, Math.Min(Floor, ceiling), Math.Max(1, ceiling));

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
