using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stats;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.EndToEnd;

/// <summary>
/// Both sandboxes in a child process of the benchmark, so the CPU time the emulators spend is measured apart from
/// CpqSync's. The child prints one JSON line with what to connect with, answers each <c>stripe</c> line on its input with
/// the Stripe requests it received, the 429s among them and when the first and the latest arrived, and exits when its
/// input closes; what the sandboxes counted per endpoint is read from them over HTTP (<c>/_sandbox/stats</c>), as from
/// any process.
/// </summary>
internal sealed class Emulators : IAsyncDisposable
{
    public const string Flag = "--emulators";

    private readonly Process _child;
    private readonly HttpClient _http = new();

    private Emulators(Process child, JsonObject ready)
    {
        _child = child;
        Ready = ready;
    }

    public JsonObject Ready { get; }

    public string Value(string name) => Ready[name]!.GetValue<string>();

    /// <summary>
    /// The settings a <c>cpqsync backfill</c> against these sandboxes runs with: their credentials, a fresh SQLite store
    /// in <paramref name="directory"/>, and a mapping document naming USD (the scale org's records carry no currency).
    /// </summary>
    public async Task<Dictionary<string, string>> BackfillVariablesAsync(string directory)
    {
        var mappings = Path.Combine(directory, "sync.json");
        await File.WriteAllTextAsync(mappings, """{ "settings": { "default_currency": "USD" } }""");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Salesforce__LoginUrl"] = Value("salesforceUrl"),
            ["CPQSYNC_Salesforce__ClientId"] = Value("clientId"),
            ["CPQSYNC_Salesforce__ClientSecret"] = Value("clientSecret"),
            ["CPQSYNC_Salesforce__Username"] = Value("username"),
            ["CPQSYNC_Salesforce__Password"] = Value("password"),
            ["CPQSYNC_Stripe__ApiBase"] = Value("stripeUrl"),
            ["CPQSYNC_Stripe__ApiKey"] = Value("stripeKey"),
            ["CPQSYNC_Sync__ConfigurationFile"] = mappings,
            ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(directory, "cpqsync.db")}",
        };
    }

    public TimeSpan Seeding => TimeSpan.FromSeconds(Ready["seedSeconds"]!.GetValue<double>());

    /// <summary>CPU time the emulators' process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _child.Refresh();
            return _child.TotalProcessorTime;
        }
    }

    /// <summary>The emulators' peak resident memory so far, in bytes.</summary>
    public long PeakMemory
    {
        get
        {
            _child.Refresh();
            return _child.PeakWorkingSet64;
        }
    }

    public static async Task<Emulators> StartAsync(int orders, double stripeRequestsPerSecond)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        // The emulators are not the product: they run with the runtime's defaults, not cpqsync's memory-first settings
        // (src/CpqSync/GarbageCollection.props, which this executable imports for the CpqSync side), so that they serve
        // the backfill as fast as they can and the figures measure CpqSync.
        info.Environment["DOTNET_TieredCompilation"] = "1";
        info.Environment["DOTNET_TieredPGO"] = "1";
        info.Environment["DOTNET_GCConserveMemory"] = "0";
        info.ArgumentList.Add(Flag);
        info.ArgumentList.Add(orders.ToString(CultureInfo.InvariantCulture));
        info.ArgumentList.Add(stripeRequestsPerSecond.ToString(CultureInfo.InvariantCulture));
        var child = Process.Start(info)!;
        var line = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The emulators did not start.");
        return new Emulators(child, JsonNode.Parse(line)!.AsObject());
    }

    /// <summary>The org's API usage and the Stripe requests received since the counts were last reset, from their stats.</summary>
    public async Task<(long SalesforceApiUsage, long StripeRequests)> UsageAsync()
    {
        var (salesforce, stripe) = await StatsAsync();
        return (salesforce.Totals.ApiUsage ?? 0, stripe.Totals.Requests);
    }

    /// <summary>What each sandbox counted per endpoint, read over HTTP from its <c>/_sandbox/stats</c>.</summary>
    public async Task<(SandboxStats Salesforce, SandboxStats Stripe)> StatsAsync() => (
        await SandboxStatsClient.ReadAsync(_http, new Uri(Value("salesforceUrl")), CancellationToken.None),
        await SandboxStatsClient.ReadAsync(_http, new Uri(Value("stripeUrl")), CancellationToken.None));

    /// <summary>Starts both sandboxes' counts again from zero.</summary>
    public async Task ResetStatsAsync()
    {
        await SandboxStatsClient.ResetAsync(_http, new Uri(Value("salesforceUrl")), CancellationToken.None);
        await SandboxStatsClient.ResetAsync(_http, new Uri(Value("stripeUrl")), CancellationToken.None);
    }

    /// <summary>
    /// The Stripe requests received, the ones answered 429 among them, and when the first and the latest arrived
    /// (<c>Stopwatch</c> timestamps, comparable across processes), asked of the child.
    /// </summary>
    public async Task<(long Requests, long RateLimited, long First, long Last)> StripeRequestsAsync()
    {
        await _child.StandardInput.WriteLineAsync("stripe");
        await _child.StandardInput.FlushAsync();
        var answer = JsonNode.Parse((await _child.StandardOutput.ReadLineAsync())!)!;
        return (answer["requests"]!.GetValue<long>(), answer["rateLimited"]!.GetValue<long>(), answer["first"]!.GetValue<long>(),
            answer["last"]!.GetValue<long>());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _child.StandardInput.Close();
        await _child.WaitForExitAsync();
        _child.Dispose();
    }

    /// <summary>The child's side: seed, serve, exit.</summary>
    public static async Task<int> ServeAsync(int orders, double stripeRequestsPerSecond)
    {
        var time = TimeProvider.System;
        var clock = Stopwatch.StartNew();
        await using var salesforce = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions { Port = 0, Org = new SalesforceOrgOptions { Seed = $"scale:{orders}" } }, time, CancellationToken.None);
        var seedSeconds = clock.Elapsed.TotalSeconds;
        await using var stripe = await StripeSandboxServer.StartAsync(
            new StripeSandboxOptions { Port = 0, RequestsPerSecond = stripeRequestsPerSecond }, time, CancellationToken.None);
        var credentials = salesforce.Credentials;
        Console.WriteLine(new JsonObject
        {
            ["salesforceUrl"] = salesforce.BaseUrl.ToString(),
            ["clientId"] = credentials.ClientId,
            ["clientSecret"] = credentials.ClientSecret,
            ["username"] = credentials.Username,
            ["password"] = credentials.Password,
            ["stripeUrl"] = stripe.BaseUrl.ToString(),
            ["stripeKey"] = stripe.SecretKey,
            ["seedSeconds"] = seedSeconds,
        }.ToJsonString());
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "stripe")
            {
                var (first, last) = stripe.ApiRequestTimestamps;
                Console.WriteLine(new JsonObject
                {
                    ["requests"] = stripe.ApiRequests, ["rateLimited"] = stripe.RateLimitedRequests, ["first"] = first, ["last"] = last,
                }.ToJsonString());
            }
        }

        return 0;
    }
}
