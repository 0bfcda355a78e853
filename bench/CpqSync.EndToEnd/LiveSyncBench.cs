using System.Diagnostics;
using System.Text.Json.Nodes;
using CpqSync.Hosting;
using CpqSync.Hosting.Serve;
using CpqSync.Salesforce;
using CpqSync.Sandbox.Stats;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.EndToEnd;

/// <summary>
/// Live sync on change events, measured once: <c>cpqsync serve --sandbox</c> (in-process, the same host as the command
/// line, live sync in its default <c>change_events</c> mode), orders activated one after another through the sandbox
/// org's REST API as a customer's integration would, and the time until the engine has the order's Stripe object
/// (subscription schedule, subscription or invoice) in its id map, which it records once Stripe has created it.
/// Then the process idles and the org's own API usage count (<c>/_sandbox/stats</c>) says how many REST calls CpqSync made meanwhile.
/// Writes artifacts/benchmarks/live-sync.md.
/// </summary>
internal static class LiveSyncBench
{
    public const string Flag = "live";

    private const string Template = "Stark: platform (valid initial order)";

    private static readonly string[] OrderFields =
        ["AccountId", "OpportunityId", "SBQQ__Quote__c", "Pricebook2Id", "CurrencyIsoCode", "EffectiveDate", "EndDate", "Type", "SBQQ__PaymentTerm__c"];

    private static readonly string[] LineFields =
    [
        "PricebookEntryId", "Quantity", "UnitPrice", "ServiceDate", "EndDate", "SBQQ__QuoteLine__c", "SBQQ__OrderedQuantity__c",
        "SBQQ__BillingFrequency__c", "SBQQ__BillingType__c", "SBQQ__ChargeType__c", "SBQQ__SubscriptionPricing__c",
        "SBQQ__SubscriptionType__c", "SBQQ__SubscriptionTerm__c", "SBQQ__ProrateMultiplier__c",
    ];

    private static readonly string[] StripeObjects = ["subscription_schedule", "subscription", "invoice"];

    private static readonly TimeSpan ArrivalPoll = TimeSpan.FromMilliseconds(10);

    private static readonly TimeSpan Give = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(int activations, TimeSpan idle)
    {
        var time = TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory("cpqsync-live-");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["CPQSYNC_Serve__Urls"] = "http://127.0.0.1:0" };
        using var meter = new ApiCallMeter();
        await using var host = await ServeHost.StartAsync(
            new HostRequest(new CliEnvironment(variables, directory.FullName), null, UseSandbox: true), time, CancellationToken.None);
        var sandbox = host.Sandbox!;
        var store = host.Services.GetRequiredService<ISyncStore>();
        var monitor = host.Services.GetRequiredService<ISyncMonitor>();
        var status = host.Services.GetRequiredService<LiveSyncStatus>();
        var connectionId = host.Connection.Id;

        // The customer's integration: its own REST client on the org (the sandbox has one API user, CpqSync's; its
        // activations change Status, so they are not CpqSync's own write-back echoes).
        await using var integration = IntegrationClient(sandbox);
        var client = integration.GetRequiredService<SalesforceClient>();
        var templateId = await FindTemplateAsync(client);

        // The demo seed's orders are synced first (live sync's start-up catch-up): wait until that backlog is done.
        await WaitAsync(async () => status.Mode?.Mode == "change_events" && await MappedAsync(store, connectionId, templateId) && await IdleQueueAsync(monitor, connectionId), "start-up sync");

        var latencies = new List<TimeSpan>(activations);
        var failures = 0;
        for (var i = 0; i < activations; i++)
        {
            var orderId = await DraftCopyAsync(client, templateId, $"Benchmark activation {i + 1}");
            var clock = Stopwatch.StartNew();
            await client.UpdateAsync("Order", orderId, new JsonObject { ["Status"] = "Activated" });
            var arrived = false;
            while (clock.Elapsed < Give)
            {
                if (await MappedAsync(store, connectionId, orderId))
                {
                    arrived = true;
                    break;
                }

                await Task.Delay(ArrivalPoll, time);
            }

            clock.Stop();
            if (arrived)
            {
                latencies.Add(clock.Elapsed);
            }
            else
            {
                failures++;
            }
        }

        // Let the write-backs (and their echo events) finish before idling.
        await WaitAsync(() => IdleQueueAsync(monitor, connectionId), "queue drained");
        await Task.Delay(TimeSpan.FromSeconds(5), time);

        var reconciledBefore = status.Mode?.LastReconciliationAt;
        using var http = new HttpClient();
        var usageBefore = await ApiUsageAsync(http, sandbox);
        var engineBefore = meter.Salesforce;
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(idle, time);
        idleClock.Stop();
        var idleUsage = await ApiUsageAsync(http, sandbox) - usageBefore;
        var idleEngine = meter.Salesforce - engineBefore;
        var reconciledAfter = status.Mode?.LastReconciliationAt;
        directory.Delete(recursive: true);

        latencies.Sort();
        var report = new FigureTable()
            .Row("activations measured", $"{latencies.Count} of {activations} ({failures} not in Stripe within {Give.TotalSeconds:0} s)")
            .Row("activation → Stripe object, p50", $"{Percentile(latencies, 0.50).TotalSeconds:0.000} s")
            .Row("activation → Stripe object, p99", $"{Percentile(latencies, 0.99).TotalSeconds:0.000} s")
            .Row("activation → Stripe object, min / max", $"{latencies.FirstOrDefault().TotalSeconds:0.000} s / {latencies.LastOrDefault().TotalSeconds:0.000} s")
            .Row("idle (wall clock)", $"{idleClock.Elapsed.TotalSeconds:0} s")
            .Row("Salesforce REST calls while idle (org API usage)", $"{idleUsage}")
            .Row("Salesforce calls while idle (engine's counter)", $"{idleEngine}")
            .Row("reconciliation during the idle window", $"{(reconciledAfter != reconciledBefore ? "yes" : "no")}")
            .Row("cores", $"{Environment.ProcessorCount}")
            .ToString();
        await FigureTable.WriteReportAsync("live-sync.md", report);
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The org's API usage as its own counts say (<c>/_sandbox/stats</c>, read over HTTP as from any process).</summary>
    private static async Task<long> ApiUsageAsync(HttpClient http, EmbeddedSandbox sandbox) =>
        (await SandboxStatsClient.ReadAsync(http, sandbox.Salesforce.BaseUrl, CancellationToken.None)).Totals.ApiUsage ?? 0;

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static ServiceProvider IntegrationClient(EmbeddedSandbox sandbox)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSalesforceClient(o =>
        {
            o.LoginUrl = sandbox.Salesforce.BaseUrl;
            o.ClientId = sandbox.Salesforce.Credentials.ClientId;
            o.ClientSecret = sandbox.Salesforce.Credentials.ClientSecret;
            o.Username = sandbox.Salesforce.Credentials.Username;
            o.Password = sandbox.Salesforce.Credentials.Password;
        });
        return services.BuildServiceProvider();
    }

    private static async Task<string> FindTemplateAsync(SalesforceClient client)
    {
        await foreach (var row in client.QueryAsync(Soql.Query($"SELECT Id, Description FROM Order WHERE Status = {"Activated"}")))
        {
            if (row["Description"]?.GetValue<string>() == Template)
            {
                return row["Id"]!.GetValue<string>();
            }
        }

        throw new InvalidOperationException($"The demo seed has no order '{Template}'.");
    }

    /// <summary>A draft copy of the template order with its first line, as CPQ would create it before activation.</summary>
    private static async Task<string> DraftCopyAsync(SalesforceClient client, string templateId, string description)
    {
        var template = await client.RetrieveAsync("Order", templateId, OrderFields);
        var order = Copy(template, OrderFields);
        order["Description"] = description;
        var orderId = (await client.CreateAsync("Order", order)).Id!;
        await foreach (var row in client.QueryAsync(
            Soql.Query($"SELECT Id, {Soql.Fields(LineFields)} FROM OrderItem WHERE OrderId = {templateId} ORDER BY OrderItemNumber LIMIT 1")))
        {
            var line = Copy(row, LineFields);
            line["OrderId"] = orderId;
            await client.CreateAsync("OrderItem", line);
        }

        return orderId;
    }

    private static JsonObject Copy(JsonObject source, IEnumerable<string> fields)
    {
        var copy = new JsonObject();
        foreach (var field in fields)
        {
            if (source[field] is { } value)
            {
                copy[field] = value.DeepClone();
            }
        }

        return copy;
    }

    private static async Task<bool> MappedAsync(ISyncStore store, Guid connectionId, string orderId)
    {
        foreach (var stripeObject in StripeObjects)
        {
            if (await store.FindMappingAsync(connectionId, "Order", orderId, stripeObject, CancellationToken.None) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> IdleQueueAsync(ISyncMonitor monitor, Guid connectionId)
    {
        var queue = await monitor.GetQueueSummaryAsync(connectionId, CancellationToken.None);
        return queue is { Pending: 0, Leased: 0, Retrying: 0 };
    }

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"Waited ten minutes for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }
}
