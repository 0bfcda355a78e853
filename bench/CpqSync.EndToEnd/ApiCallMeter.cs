using System.Diagnostics.Metrics;
using CpqSync.Engine;

namespace CpqSync.EndToEnd;

/// <summary>Sums the engine's own call counters (<c>cpqsync.sync.salesforce.calls</c>, <c>cpqsync.sync.stripe.calls</c>) while it runs.</summary>
internal sealed class ApiCallMeter : IDisposable
{
    private const string SalesforceInstrument = "cpqsync.sync.salesforce.calls";
    private const string StripeInstrument = "cpqsync.sync.stripe.calls";

    private readonly MeterListener _listener = new();
    private long _salesforce;
    private long _stripe;

    public ApiCallMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name is SalesforceInstrument or StripeInstrument)
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
            else
            {
                Interlocked.Add(ref _stripe, value);
            }
        });
        _listener.Start();
    }

    public long Salesforce => Interlocked.Read(ref _salesforce);

    public long Stripe => Interlocked.Read(ref _stripe);

    public void Dispose() => _listener.Dispose();
}
