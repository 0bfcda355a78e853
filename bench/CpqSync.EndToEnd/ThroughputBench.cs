using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Cli;
using CpqSync.Hosting;

namespace CpqSync.EndToEnd;

/// <summary>
/// How much of the configured Stripe rate a backfill fills when every Stripe request takes a given time (latency the
/// Stripe sandbox injects): the <c>scale:N</c> seed backfilled by the real <c>cpqsync backfill</c> (in-process, fresh
/// SQLite store), with the sandboxes in a child process. The achieved rate is measured by the Stripe sandbox alone:
/// the requests it received after the first, divided by the time from the arrival of the first to the arrival of the
/// last (the sandbox is fresh, so every request it sees is the backfill's); the window thus leaves out the backfill's
/// Salesforce reads before its first Stripe call and its write-backs after its last. The count is also sampled every
/// 20 ms for a per-second profile on the error stream and the rate over the middle 80% of the requests (approximate:
/// the samples are as late as the loaded machine makes them). Writes <c>artifacts/benchmarks/throughput.md</c>.
/// </summary>
internal static class ThroughputBench
{
    public const string Flag = "throughput";

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <param name="orders">The seed's size (<c>scale:N</c>).</param>
    /// <param name="requestsPerSecond">Stripe:MaxRequestsPerSecond, or null for the key's default (the sandbox's test key: 23).</param>
    /// <param name="latency">Added by the Stripe sandbox to every request.</param>
    /// <param name="sandboxLimit">The sandbox's own rate limit (what Stripe would allow), or null for the configured rate plus 10 (test mode's 25 with the default pacing).</param>
    public static async Task<int> RunAsync(int orders, double? requestsPerSecond, TimeSpan latency, double? sandboxLimit)
    {
        var configured = requestsPerSecond ?? CpqSync.Stripe.StripeOptions.TestRequestsPerSecond;
        var limit = sandboxLimit ?? (requestsPerSecond is null ? 25 : configured + 10);
        var loadBefore = LoadAverage();
        var startedAt = DateTimeOffset.UtcNow;
        await using var emulators = await Emulators.StartAsync(orders, limit);
        using (var http = new HttpClient(new SocketsHttpHandler()))
        {
            var faults = new FormUrlEncodedContent([new("latency_ms", latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture))]);
            using var answer = await http.PostAsync(new Uri(new Uri(emulators.Value("stripeUrl")), "_sandbox/faults"), faults);
            answer.EnsureSuccessStatusCode();
        }

        var directory = Directory.CreateTempSubdirectory("cpqsync-throughput-");
        var variables = await emulators.BackfillVariablesAsync(directory.FullName);
        if (requestsPerSecond is { } rate)
        {
            variables["CPQSYNC_Stripe__MaxRequestsPerSecond"] = rate.ToString(CultureInfo.InvariantCulture);
        }

        var (before, rateLimitedBefore, _, _) = await emulators.StripeRequestsAsync();
        using var meter = new ApiCallMeter();
        var self = Process.GetCurrentProcess();
        var cpuBefore = (Self: self.TotalProcessorTime, Emulators: emulators.ProcessorTime);
        var clock = Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var sampling = SampleAsync(emulators, meter, clock, stopSampling.Token);
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CpqSyncCommandLine.InvokeAsync(
            ["backfill", "--json"], new CliEnvironment(variables, directory.FullName),
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, TimeProvider.System, CancellationToken.None);
        var elapsed = clock.Elapsed;
        await stopSampling.CancelAsync();
        var samples = await sampling;
        self.Refresh();
        var cpu = (Self: self.TotalProcessorTime - cpuBefore.Self, Emulators: emulators.ProcessorTime - cpuBefore.Emulators);
        var (after, rateLimitedAfter, firstArrival, lastArrival) = await emulators.StripeRequestsAsync();
        var loadAfter = LoadAverage();
        directory.Delete(recursive: true);
        if (exitCode is not (0 or 1) || output.ToString().Length == 0)
        {
            await Console.Error.WriteLineAsync($"backfill failed with exit code {exitCode}: {error}");
            return exitCode;
        }

        var summary = JsonNode.Parse(output.ToString())!;
        if (before != 0 || after < 2)
        {
            await Console.Error.WriteLineAsync($"the Stripe sandbox saw {before} requests before the backfill and {after} after it: no window to measure");
            return 1;
        }

        var received = after - before;
        var window = Stopwatch.GetElapsedTime(firstArrival, lastArrival).TotalSeconds;
        var achieved = (received - 1) / window;
        var middle = Window(samples, before + ((after - before) / 10), before + ((after - before) * 9 / 10));
        // The per-second profile, on the error stream: where the rate sags (start, gaps between pages, the tail).
        await Console.Error.WriteLineAsync("requests received per second from the first: " + string.Join(" ", Profile(samples, before)));
        var stalls = Stalls(samples, configured).ToList();
        foreach (var stall in stalls)
        {
            await Console.Error.WriteLineAsync(stall.ToString());
        }

        var text = new FigureTable(
                $"Backfill throughput: scale:{orders}, {configured:0.#} requests/s configured, {latency.TotalMilliseconds:0} ms of Stripe latency",
                $"{startedAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} logical processors shared with other work; load average {loadBefore} before, {loadAfter} after. ",
                $"Pacing {(requestsPerSecond is null ? "the test key's default" : "Stripe:MaxRequestsPerSecond")} = {configured:0.#} requests/s; the sandbox allows {limit:0.#}.")
            .Row("orders backfilled", $"{(int)summary["total"]!} ({(int)summary["succeeded"]!} synced, {(int)summary["failed"]! + (int)summary["parked"]!} failed or parked)")
            .Row("Stripe requests received by the sandbox", $"{received}")
            .Row("window, arrival of the first to arrival of the last Stripe request (sandbox's clock)", $"{window:0.00} s")
            .Row("achieved rate ÷ configured rate", $"**{achieved / configured:0.000}** ({achieved:0.0} requests/s)")
            .Row($"same, middle 80% of the requests (count sampled every {SampleInterval.TotalMilliseconds:0} ms)", $"{(after - before) * 0.8 / middle / configured:0.000}")
            .Row("429s answered by the sandbox / seen by the engine", $"{rateLimitedAfter - rateLimitedBefore} / {meter.StripeRateLimited}")
            .Row("Stripe requests sent (engine's counter, retries included)", $"{meter.Stripe}")
            .Row("stalls: 1-second windows under half the rate, between the first and the last second of requests (samples' time)", $"{stalls.Count} ({stalls.Sum(static s => s.Length.TotalSeconds):0.0} s)")
            .Row("orders in flight, median over the samples", $"{Median(samples.Where(static s => s.Requests > 0).Select(static s => s.OrdersInFlight))}")
            .Row("backfill, wall clock (Salesforce reads before the first Stripe call included)", $"{elapsed.TotalSeconds:0.0} s")
            .Row("CPU-seconds, CpqSync / emulators", $"{cpu.Self.TotalSeconds:0.0} / {cpu.Emulators.TotalSeconds:0.0}")
            .Row($"CPU used, share of the {Environment.ProcessorCount} processors over the backfill", $"{(cpu.Self + cpu.Emulators).TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount:P0}")
            .ToString();
        await FigureTable.WriteReportAsync("throughput.md", text);
        return 0;
    }

    /// <summary>
    /// Every <see cref="SampleInterval"/> until stopped: the sandbox's request count, and what the engine shows at that
    /// moment (requests sent, orders in flight, Stripe requests on the wire), with the process's garbage-collection
    /// pauses so far and the thread pool's queue.
    /// </summary>
    private static async Task<List<Sample>> SampleAsync(Emulators emulators, ApiCallMeter meter, Stopwatch clock, CancellationToken stop)
    {
        var samples = new List<Sample>();
        while (!stop.IsCancellationRequested)
        {
            var (requests, _, _, _) = await emulators.StripeRequestsAsync();
            samples.Add(new Sample(clock.Elapsed, requests, meter.Stripe, meter.OrdersInFlight, meter.StripeInFlight, GC.GetTotalPauseDuration(),
                ThreadPool.PendingWorkItemCount));
            await Task.Delay(SampleInterval, CancellationToken.None);
        }

        return samples;
    }

    /// <summary>
    /// Stretches where the sandbox received under half the configured rate in the second from a sample on (after the
    /// first second of requests and before the last second of them), merged, each with what the engine showed meanwhile: tells a
    /// machine that stopped (the samples themselves far apart, long GC pauses, a queued thread pool) from an engine with
    /// too few orders in flight or requests held by pacing.
    /// </summary>
    private static IEnumerable<Stall> Stalls(List<Sample> samples, double rate)
    {
        var first = samples.FindIndex(static s => s.Requests > 0);
        if (first < 0)
        {
            return [];
        }

        // From a second after the first request to a second before the last (the write-backs after it are no stall).
        var startAt = samples[first].At + TimeSpan.FromSeconds(1);
        var endAt = samples.First(s => s.Requests == samples[^1].Requests).At - TimeSpan.FromSeconds(1);
        var spans = new List<(int From, int To)>();
        for (var i = first; i < samples.Count && samples[i].At + TimeSpan.FromSeconds(1) <= endAt; i++)
        {
            if (samples[i].At < startAt)
            {
                continue;
            }

            var j = i;
            while (j < samples.Count - 1 && samples[j].At < samples[i].At + TimeSpan.FromSeconds(1))
            {
                j++;
            }

            if (samples[j].Requests - samples[i].Requests >= rate / 2 * (samples[j].At - samples[i].At).TotalSeconds)
            {
                continue;
            }

            if (spans.Count > 0 && i <= spans[^1].To)
            {
                spans[^1] = (spans[^1].From, Math.Max(j, spans[^1].To));
            }
            else
            {
                spans.Add((i, j));
            }
        }

        return spans.Select(span => Stall.Over(samples, span.From, span.To));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    /// <summary>Seconds from the last sample at or below <paramref name="from"/> to the first at or above <paramref name="to"/>.</summary>
    private static double Window(List<Sample> samples, long from, long to) =>
        ((samples.FirstOrDefault(s => s.Requests >= to)?.At ?? TimeSpan.Zero) - (samples.LastOrDefault(s => s.Requests <= from)?.At ?? TimeSpan.Zero)).TotalSeconds;

    private static IEnumerable<long> Profile(List<Sample> samples, long before)
    {
        var start = samples.LastOrDefault(s => s.Requests <= before)?.At ?? TimeSpan.Zero;
        var previous = before;
        for (var second = start + TimeSpan.FromSeconds(1); second <= samples[^1].At; second += TimeSpan.FromSeconds(1))
        {
            var now = samples.LastOrDefault(s => s.At <= second)?.Requests ?? before;
            yield return now - previous;
            previous = now;
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <param name="Requests">Stripe requests the sandbox received so far.</param>
    /// <param name="Sent">Stripe requests the engine sent so far (past pacing).</param>
    /// <param name="GcPauses">The benchmark process's garbage-collection pauses so far (CpqSync runs in it).</param>
    private sealed record Sample(TimeSpan At, long Requests, long Sent, long OrdersInFlight, long StripeInFlight, TimeSpan GcPauses, long ThreadPoolQueue);

    /// <summary>A stretch under half the rate: samples <see cref="From"/> to <see cref="To"/>.</summary>
    private sealed record Stall(int From, int To, TimeSpan Start, TimeSpan Length, long Received, long Sent, double OrdersInFlight,
        long MostOnTheWire, TimeSpan LongestSampleGap, TimeSpan GcPauses, long MostQueuedInThreadPool)
    {
        public static Stall Over(List<Sample> samples, int from, int to)
        {
            var range = samples.GetRange(from, to - from + 1);
            var gaps = range.Skip(1).Zip(range, static (b, a) => b.At - a.At);
            return new Stall(from, to, samples[from].At, samples[to].At - samples[from].At, samples[to].Requests - samples[from].Requests,
                samples[to].Sent - samples[from].Sent, range.Average(static s => s.OrdersInFlight), range.Max(static s => s.StripeInFlight),
                gaps.DefaultIfEmpty().Max(), samples[to].GcPauses - samples[from].GcPauses, range.Max(static s => s.ThreadPoolQueue));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"stall at {Start.TotalSeconds:0.0} s for {Length.TotalSeconds:0.0} s: {Received} received, {Sent} sent, {OrdersInFlight:0.0} orders in flight on average, "
            + $"at most {MostOnTheWire} on the wire, samples up to {LongestSampleGap.TotalMilliseconds:0} ms apart, GC paused {GcPauses.TotalMilliseconds:0} ms, "
            + $"thread pool queue up to {MostQueuedInThreadPool}");
    }
}
