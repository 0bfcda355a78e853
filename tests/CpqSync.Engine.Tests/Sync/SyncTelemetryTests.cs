using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>What an operator's OpenTelemetry pipeline receives for one synced order.</summary>
public sealed class SyncTelemetryTests
{
    [Fact]
    public async Task A_synced_order_leaves_a_span_with_a_child_per_step_and_counts_in_the_metrics()
    {
        await using var org = await SyncOrg.StartAsync();
        var orderId = (await org.ActivatedOrdersAsync())["Stark: platform (valid initial order)"];
        var spans = new ConcurrentBag<Activity>();
        // The listener hears every test running in this process, and the demo seed gives each org the same order ids:
        // this test's sync runs under a span of its own, and only that span's child counts.
        using var testSource = new ActivitySource("CpqSync.Engine.Tests." + nameof(SyncTelemetryTests));
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name || source.Name == testSource.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();

        ActivitySpanId testSpan;
        using (var test = testSource.StartActivity("test"))
        {
            testSpan = test!.SpanId;
            await org.Syncer.SyncAsync(org.Connection, orderId, SyncTrigger.Manual, TestCancellation.Token);
        }

        var root = Assert.Single(spans, s => s.OperationName == "sync order" && s.ParentSpanId == testSpan
            && (string?)s.GetTagItem("cpqsync.order.id") == orderId);
        Assert.Equal("succeeded", root.GetTagItem("cpqsync.sync.status"));
        var steps = spans.Where(s => s.ParentSpanId == root.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName).ToList();
        Assert.Equal(["read snapshot", "resolve stripe state", "plan", "apply to stripe", "write back"], steps);
        Assert.Contains(measurements, m => m.Instrument == "cpqsync.sync.records.synced"
            && (string?)m.Tags["object"] == "Order" && (string?)m.Tags["status"] == "succeeded");
        Assert.Contains(measurements, m => m.Instrument == "cpqsync.sync.latency" && m.Value >= 0);
        Assert.Contains(measurements, m => m.Instrument == "cpqsync.sync.stripe.calls");
        Assert.Contains(measurements, m => m.Instrument == "cpqsync.sync.salesforce.calls");
    }
}
