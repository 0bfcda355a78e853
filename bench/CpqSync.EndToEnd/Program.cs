using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Cli;
using CpqSync.EndToEnd;
using CpqSync.Hosting;

// One measured run: the scale:N seed backfilled by the real `cpqsync backfill` (in-process) into the Stripe sandbox,
// with a fresh SQLite store; both sandboxes run in a child process so their CPU time is measured apart from CpqSync's.
// Writes a markdown table to artifacts/benchmarks/end-to-end.md.
// Arguments: [orders, default 1000] [Stripe requests per second, default 90: live mode's limit is 100, test mode's 25].
if (args.Length > 0 && args[0] == Emulators.Flag)
{
    return await Emulators.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), double.Parse(args[2], CultureInfo.InvariantCulture));
}

if (args.Length > 0 && args[0] == LiveSyncBench.Flag)
{
    // live [activations, default 100] [idle seconds, default 600]
    return await LiveSyncBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100,
        TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600));
}

if (args.Length > 0 && args[0] == ThroughputBench.Flag)
{
    // throughput [orders, default 1000] [Stripe requests per second, or "default" for the test key's 23; default 90]
    //   [injected Stripe latency in ms, default 50] [the sandbox's own limit, default the rate + 10, or 25 with "default"]
    return await ThroughputBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000,
        args.Length > 2 && args[2] == "default" ? null : args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 90,
        TimeSpan.FromMilliseconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 50),
        args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : null);
}

var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var stripeRate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 90;
var time = TimeProvider.System;

await using var emulators = await Emulators.StartAsync(orders, stripeRate + 10);
var directory = Directory.CreateTempSubdirectory("cpqsync-e2e-");
var variables = await emulators.BackfillVariablesAsync(directory.FullName);
variables["CPQSYNC_Stripe__MaxRequestsPerSecond"] = stripeRate.ToString(CultureInfo.InvariantCulture);
// Any other CPQSYNC_ setting of the benchmark's own environment (e.g. CPQSYNC_Sync__Worker__BackfillPageSize) is passed on.
foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
    .Select(static e => ((string)e.Key, (string?)e.Value)))
{
    if (name.StartsWith("CPQSYNC_", StringComparison.Ordinal) && value is not null)
    {
        variables.TryAdd(name, value);
    }
}

await emulators.ResetStatsAsync();
var output = new StringWriter();
var error = new StringWriter();
using var meter = new ApiCallMeter();
using var memory = new MemoryProbe();
var self = Process.GetCurrentProcess();
var cpuBefore = (Self: self.TotalProcessorTime, Emulators: emulators.ProcessorTime);
var clock = Stopwatch.StartNew();
var exitCode = await CpqSyncCommandLine.InvokeAsync(
    ["backfill", "--json"], new CliEnvironment(variables, directory.FullName),
    new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, time, CancellationToken.None);
clock.Stop();
memory.Dispose();
self.Refresh();
var cpu = (Self: self.TotalProcessorTime - cpuBefore.Self, Emulators: emulators.ProcessorTime - cpuBefore.Emulators);
var (salesforceStats, stripeStats) = await emulators.StatsAsync();
directory.Delete(recursive: true);
if (exitCode is not (0 or 1) || output.ToString().Length == 0)
{
    Console.Error.WriteLine($"backfill failed with exit code {exitCode}: {error}");
    return exitCode;
}

var summary = JsonNode.Parse(output.ToString())!;
var figures = new EndToEndFigures(
    Seeded: orders,
    Backfilled: (int)summary["total"]!,
    Succeeded: (int)summary["succeeded"]!,
    Failed: (int)summary["failed"]! + (int)summary["parked"]!,
    Elapsed: clock.Elapsed,
    SalesforceCalls: meter.Salesforce,
    SalesforceApiUsage: salesforceStats.Totals.ApiUsage ?? 0,
    StripeCalls: meter.Stripe)
{
    StripeRequestsReceived = stripeStats.Totals.Requests,
    CpqSyncCpu = cpu.Self,
    EmulatorsCpu = cpu.Emulators,
    Seeding = emulators.Seeding,
    EmulatorsPeakMemory = emulators.PeakMemory,
    CpqSyncPeakMemory = MemoryProbe.PeakResident(Environment.ProcessId),
};
var report = figures.Markdown(Environment.ProcessorCount, stripeRate) + memory.Markdown()
    + EndpointTable.Markdown(figures.Backfilled, ("Salesforce", salesforceStats), ("Stripe", stripeStats));
foreach (var failure in summary["failures"]!.AsArray().Take(5))
{
    Console.Error.WriteLine($"failed: {failure!["order"]} {failure["code"]}: {failure["message"]}");
}

await FigureTable.WriteReportAsync("end-to-end.md", report);
return 0;
