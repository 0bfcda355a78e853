using System.Diagnostics.Metrics;
using CpqSync.Engine;

namespace CpqSync.EndToEnd;

/// <summary>
/// Sums the engine's own call counters (<c>cpqsync.sync.salesforce.calls</c>, <c>cpqsync.sync.stripe.calls</c>,
/// <c>cpqsync.sync.stripe.rate_limited</c>) while it runs, and keeps its counts of orders in flight and Stripe requests
/// on the wire (<c>cpqsync.sync.orders.in_flight</c>, <c>cpqsync.sync.stripe.in_flight</c>).
/// </summary>
internal sealed class ApiCallMeter : IDisposable
{
    private const string SalesforceInstrument = "cpqsync.sync.salesforce.calls";
    private const string StripeInstrument = "cpqsync.sync.stripe.calls";
    private const string StripeRateLimitedInstrument = "cpqsync.sync.stripe.rate_limited";
    private const string OrdersInFlightInstrument = "cpqsync.sync.orders.in_flight";
    private const string StripeInFlightInstrument = "cpqsync.sync.stripe.in_flight";

    private readonly MeterListener _listener = new();
    private long _salesforce;
    private long _stripe;
    private long _stripeRateLimited;
    private long _ordersInFlight;
    private long _stripeInFlight;

    public ApiCallMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name is SalesforceInstrument or StripeInstrument or StripeRateLimitedInstrument
                or OrdersInFlightInstrument or StripeInFlightInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == SalesforceInstrument)
            {
                Interlocked.Add(ref _salesforce, value);
            }
            else if (instrument.Name == StripeRateLimitedInstrument)
            {
                Interlocked.Add(ref _stripeRateLimited, value);
            }
            else if (instrument.Name == OrdersInFlightInstrument)
            {
                Interlocked.Add(ref _ordersInFlight, value);
            }
            else if (instrument.Name == StripeInFlightInstrument)
            {
                Interlocked.Add(ref _stripeInFlight, value);
            }
            else
            {
                Interlocked.Add(ref _stripe, value);
            }
        });
        _listener.Start();
    }

    public long Salesforce => Interlocked.Read(ref _salesforce);

    public long Stripe => Interlocked.Read(ref _stripe);

    /// <summary>Stripe requests the engine saw answered 429.</summary>
    public long StripeRateLimited => Interlocked.Read(ref _stripeRateLimited);

    /// <summary>Orders the engine's workers hold now (syncing or waiting for their write-back).</summary>
    public long OrdersInFlight => Interlocked.Read(ref _ordersInFlight);

    /// <summary>Stripe requests past pacing and not answered yet.</summary>
    public long StripeInFlight => Interlocked.Read(ref _stripeInFlight);

    public void Dispose() => _listener.Dispose();
}
