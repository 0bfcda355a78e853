using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using CpqSync.Engine;

namespace CpqSync.EndToEnd;

/// <summary>
/// CpqSync's memory over one backfill. The benchmark's process holds only CpqSync (the sandboxes run in a child), so
/// its <c>VmHWM</c> (the kernel's own high-water mark of resident memory, which no sampling interval can miss) is
/// CpqSync's peak. Every second it also notes the resident size, the managed heap after the last collection and the
/// orders finished so far (the engine's <c>cpqsync.sync.records.synced</c> and <c>.failed</c> for orders), so the
/// report shows whether memory grows with the orders done or stays flat.
/// </summary>
internal sealed class MemoryProbe : IDisposable
{
    private const string SyncedInstrument = "cpqsync.sync.records.synced";
    private const string FailedInstrument = "cpqsync.sync.records.failed";

    private readonly MeterListener _listener = new();
    private readonly List<Sample> _samples = [];
    private readonly Timer _timer;
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private long _orders;

    public MemoryProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name is SyncedInstrument or FailedInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "object", Value: "Order" })
                {
                    Interlocked.Add(ref _orders, value);
                }
            }
        });
        _listener.Start();
        _timer = new Timer(_ => Take(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    /// <summary>Orders the engine finished (synced or failed) since the probe started.</summary>
    public long Orders => Interlocked.Read(ref _orders);

    /// <summary>The peak resident memory of a process (<c>VmHWM</c> in <c>/proc/PID/status</c>), in bytes; 0 where there is no /proc.</summary>
    public static long PeakResident(int processId) => StatusBytes(processId, "VmHWM:");

    /// <summary>The resident memory of a process now (<c>VmRSS</c>), in bytes.</summary>
    public static long Resident(int processId) => StatusBytes(processId, "VmRSS:");

    public void Dispose()
    {
        _timer.Dispose();
        _listener.Dispose();
        Take();
    }

    /// <summary>One row per tenth of the orders (the last sample at or past each tenth), and the peak.</summary>
    public string Markdown()
    {
        var invariant = CultureInfo.InvariantCulture;
        Sample[] samples;
        lock (_samples)
        {
            samples = [.. _samples];
        }

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(invariant,
            $"CpqSync's peak resident memory (VmHWM of the benchmark's process, which holds only CpqSync): {PeakResident(Environment.ProcessId) / 1048576} MB; "
            + $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {(AppContext.GetData("System.GC.Concurrent") is false ? "not " : "")}concurrent"
            + $"{(AppContext.GetData("System.GC.ConserveMemory") is { } conserve ? $", conserve memory {conserve}" : "")}.");
        text.AppendLine();
        text.AppendLine("| orders done | seconds | resident (MB) | managed heap after last GC (MB) | GC committed (MB) | peak resident so far (MB) |");
        text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        var total = samples.Length == 0 ? 0 : samples[^1].Orders;
        var shown = new HashSet<int>();
        for (var tenth = 1; tenth <= 10 && total > 0; tenth++)
        {
            var index = Array.FindIndex(samples, s => s.Orders * 10 >= total * tenth);
            if (index >= 0 && shown.Add(index))
            {
                var s = samples[index];
                text.AppendLine(invariant,
                    $"| {s.Orders} | {s.Seconds:0} | {s.Resident / 1048576} | {s.ManagedHeap / 1048576} | {s.Committed / 1048576} | {s.PeakResident / 1048576} |");
            }
        }

        return text.ToString();
    }

    private void Take()
    {
        var gc = GC.GetGCMemoryInfo();
        var sample = new Sample(
            Orders, (DateTimeOffset.UtcNow - _started).TotalSeconds, Resident(Environment.ProcessId),
            gc.HeapSizeBytes, gc.TotalCommittedBytes, PeakResident(Environment.ProcessId));
        int count;
        lock (_samples)
        {
            _samples.Add(sample);
            count = _samples.Count;
        }

        // A line on the error output every half minute, so a long run that is stopped still tells what it reached.
        if (count % 30 == 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:HH:mm:ss} memory: {sample.Orders} orders done, resident {sample.Resident / 1048576} MB, "
                + $"managed heap {sample.ManagedHeap / 1048576} MB, peak resident {sample.PeakResident / 1048576} MB"));
        }
    }

    private static long StatusBytes(int processId, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    // "VmHWM:	  123456 kB"
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private readonly record struct Sample(long Orders, double Seconds, long Resident, long ManagedHeap, long Committed, long PeakResident);
}
