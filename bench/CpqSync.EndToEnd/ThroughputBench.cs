using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
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
        var sampling = SampleAsync(emulators, clock, stopSampling.Token);
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
        var report = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        report.AppendLine(invariant, $"# Backfill throughput: scale:{orders}, {configured:0.#} requests/s configured, {latency.TotalMilliseconds:0} ms of Stripe latency");
        report.AppendLine();
        report.AppendLine(invariant, $"{startedAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} logical processors shared with other work; load average {loadBefore} before, {loadAfter} after. "
            + $"Pacing {(requestsPerSecond is null ? "the test key's default" : "Stripe:MaxRequestsPerSecond")} = {configured:0.#} requests/s; the sandbox allows {limit:0.#}.");
        report.AppendLine();
        report.AppendLine("| figure | value |");
        report.AppendLine("| --- | ---: |");
        report.AppendLine(invariant, $"| orders backfilled | {(int)summary["total"]!} ({(int)summary["succeeded"]!} synced, {(int)summary["failed"]! + (int)summary["parked"]!} failed or parked) |");
        report.AppendLine(invariant, $"| Stripe requests received by the sandbox | {received} |");
        report.AppendLine(invariant, $"| window, arrival of the first to arrival of the last Stripe request (sandbox's clock) | {window:0.00} s |");
        report.AppendLine(invariant, $"| achieved rate ÷ configured rate | **{achieved / configured:0.000}** ({achieved:0.0} requests/s) |");
        report.AppendLine(invariant, $"| same, middle 80% of the requests (count sampled every {SampleInterval.TotalMilliseconds:0} ms) | {(after - before) * 0.8 / middle / configured:0.000} |");
        report.AppendLine(invariant, $"| 429s answered by the sandbox / seen by the engine | {rateLimitedAfter - rateLimitedBefore} / {meter.StripeRateLimited} |");
        report.AppendLine(invariant, $"| Stripe requests sent (engine's counter, retries included) | {meter.Stripe} |");
        report.AppendLine(invariant, $"| backfill, wall clock (Salesforce reads before the first Stripe call included) | {elapsed.TotalSeconds:0.0} s |");
        report.AppendLine(invariant, $"| CPU-seconds, CpqSync / emulators | {cpu.Self.TotalSeconds:0.0} / {cpu.Emulators.TotalSeconds:0.0} |");
        report.AppendLine(invariant, $"| CPU used, share of the {Environment.ProcessorCount} processors over the backfill | {(cpu.Self + cpu.Emulators).TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount:P0} |");
        var text = report.ToString();
        var reports = Path.Combine("artifacts", "benchmarks");
        Directory.CreateDirectory(reports);
        await File.WriteAllTextAsync(Path.Combine(reports, "throughput.md"), text);
        Console.Write(text);
        return 0;
    }

    /// <summary>The sandbox's request count, read every <see cref="SampleInterval"/> until stopped.</summary>
    private static async Task<List<(TimeSpan At, long Requests)>> SampleAsync(Emulators emulators, Stopwatch clock, CancellationToken stop)
    {
        var samples = new List<(TimeSpan, long)>();
        while (!stop.IsCancellationRequested)
        {
            var (requests, _, _, _) = await emulators.StripeRequestsAsync();
            samples.Add((clock.Elapsed, requests));
            await Task.Delay(SampleInterval, CancellationToken.None);
        }

        return samples;
    }

    /// <summary>Seconds from the last sample at or below <paramref name="from"/> to the first at or above <paramref name="to"/>.</summary>
    private static double Window(List<(TimeSpan At, long Requests)> samples, long from, long to) =>
        (samples.FirstOrDefault(s => s.Requests >= to).At - samples.LastOrDefault(s => s.Requests <= from).At).TotalSeconds;

    private static IEnumerable<long> Profile(List<(TimeSpan At, long Requests)> samples, long before)
    {
        var start = samples.LastOrDefault(s => s.Requests <= before).At;
        var previous = before;
        for (var second = start + TimeSpan.FromSeconds(1); second <= samples[^1].At; second += TimeSpan.FromSeconds(1))
        {
            var now = samples.LastOrDefault(s => s.At <= second).Requests;
            yield return now - previous;
            previous = now;
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
