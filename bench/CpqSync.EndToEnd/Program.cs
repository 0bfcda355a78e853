using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Cli;
using CpqSync.EndToEnd;
using CpqSync.Hosting;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stripe;

// One measured run: the scale:N seed backfilled by the real `cpqsync backfill` (in-process) into the Stripe sandbox,
// with a fresh SQLite store. Writes a markdown table to artifacts/benchmarks/end-to-end.md.
// Arguments: [orders, default 1000] [Stripe requests per second, default 90: live mode's limit is 100, test mode's 25].
var orders = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var stripeRate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 90;
var time = TimeProvider.System;

await using var salesforce = await SalesforceSandboxServer.StartAsync(
    new SalesforceSandboxOptions { Port = 0, Org = new SalesforceOrgOptions { Seed = $"scale:{orders}" } }, time, CancellationToken.None);
await using var stripe = await StripeSandboxServer.StartAsync(new StripeSandboxOptions { Port = 0, RequestsPerSecond = stripeRate + 10 }, time, CancellationToken.None);
var directory = Directory.CreateTempSubdirectory("cpqsync-e2e-");
var credentials = salesforce.Credentials;
// The scale org bills in USD and its records carry no currency: the mapping document names the default currency.
var mappings = Path.Combine(directory.FullName, "sync.json");
await File.WriteAllTextAsync(mappings, """{ "settings": { "default_currency": "USD" } }""");
var variables = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["CPQSYNC_Salesforce__LoginUrl"] = salesforce.BaseUrl.ToString(),
    ["CPQSYNC_Salesforce__ClientId"] = credentials.ClientId,
    ["CPQSYNC_Salesforce__ClientSecret"] = credentials.ClientSecret,
    ["CPQSYNC_Salesforce__Username"] = credentials.Username,
    ["CPQSYNC_Salesforce__Password"] = credentials.Password,
    ["CPQSYNC_Stripe__ApiBase"] = stripe.BaseUrl.ToString(),
    ["CPQSYNC_Stripe__ApiKey"] = stripe.SecretKey,
    ["CPQSYNC_Stripe__MaxRequestsPerSecond"] = stripeRate.ToString(CultureInfo.InvariantCulture),
    ["CPQSYNC_Sync__ConfigurationFile"] = mappings,
    ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "cpqsync.db")}",
};

var usageBefore = salesforce.ApiUsage;
var output = new StringWriter();
var error = new StringWriter();
using var meter = new ApiCallMeter();
var clock = Stopwatch.StartNew();
var exitCode = await CpqSyncCommandLine.InvokeAsync(
    ["backfill", "--json"], new CliEnvironment(variables, directory.FullName),
    new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, time, CancellationToken.None);
clock.Stop();
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
    SalesforceApiUsage: salesforce.ApiUsage - usageBefore,
    StripeCalls: meter.Stripe);
var report = figures.Markdown(Environment.ProcessorCount, stripeRate);
foreach (var failure in summary["failures"]!.AsArray().Take(5))
{
    Console.Error.WriteLine($"failed: {failure!["order"]} {failure["code"]}: {failure["message"]}");
}

var reports = Path.Combine("artifacts", "benchmarks");
Directory.CreateDirectory(reports);
await File.WriteAllTextAsync(Path.Combine(reports, "end-to-end.md"), report);
Console.Write(report);
return 0;
