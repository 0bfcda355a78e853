using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace CpqSync.Salesforce.Tests.Support;

/// <summary>Collects the long-valued measurements of the meters one service provider created.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricsRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            Measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

    public long Sum(string name) => Measurements.Where(m => m.Name == name).Sum(m => m.Value);

    public long? Observe(string name)
    {
        _listener.RecordObservableInstruments();
        return Measurements.LastOrDefault(m => m.Name == name) is { Name: not null } last ? last.Value : null;
    }

    public void Dispose() => _listener.Dispose();
}
