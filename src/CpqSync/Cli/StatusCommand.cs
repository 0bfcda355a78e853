using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Hosting;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync status [--json]</c>: the connection, whether Salesforce and Stripe answer, live sync, the queue and the
/// last errors. Exit code 0 when both services answer, 1 when either does not (the report is printed all the same).
/// </summary>
public static class StatusCommand
{
    /// <summary>How many unresolved errors the report lists, newest first.</summary>
    public const int ErrorCount = 10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (the format is in docs/cli.md)." };
        var command = new Command("status", "Show the connection, live sync, the queue and the last errors.") { json };
        command.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => RunAsync(host.Request(parse), parse.GetValue(json), configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(HostRequest request, bool json, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var report = await ReadAsync(host, cancellationToken);
        var text = json ? report.ToJsonString(Indented) + Environment.NewLine : Describe(report);
        await output.WriteAsync(text.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        var reachable = (bool)report["salesforce"]!["reachable"]! && (bool)report["stripe"]!["reachable"]!;
        return reachable ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>The report as <c>--json</c> prints it; the text form is made from it, so both say the same.</summary>
    public static async Task<JsonObject> ReadAsync(CommandHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var connection = await host.OpenConnectionAsync(cancellationToken);
        var reachability = host.Services.GetRequiredService<ServiceReachability>();
        var monitor = host.Services.GetRequiredService<ISyncMonitor>();
        var salesforce = reachability.CheckSalesforceAsync(cancellationToken);
        var stripe = reachability.CheckStripeAsync(cancellationToken);
        var queue = await monitor.GetQueueSummaryAsync(connection.Id, cancellationToken);
        var errors = await monitor.GetRecentOutcomesAsync(
            new OutcomeQuery(ConnectionId: connection.Id, Status: SyncStatus.Error, Limit: ErrorCount), cancellationToken);
        var document = connection.Stored.Document;
        return new JsonObject
        {
            ["connection"] = new JsonObject { ["name"] = connection.Name, ["id"] = connection.Id.ToString() },
            ["salesforce"] = Service(await salesforce),
            ["stripe"] = Service(await stripe),
            ["live_sync"] = new JsonObject
            {
                ["enabled"] = document.LiveSync,
                ["polling_interval_seconds"] = (long)document.PollingInterval.TotalSeconds,
            },
            ["queue"] = new JsonObject
            {
                ["waiting"] = queue.Pending,
                ["leased"] = queue.Leased,
                ["parked"] = queue.Parked,
                ["retrying"] = queue.Retrying,
                ["oldest_waiting_since"] = Time(queue.OldestPendingSince),
            },
            ["last_errors"] = new JsonArray([.. errors.Select(static e => (JsonNode)new JsonObject
            {
                ["at"] = Time(e.FinishedAt),
                ["object"] = e.ObjectType,
                ["record"] = e.RecordId,
                ["code"] = e.ErrorCode,
                ["message"] = e.Message,
                ["attempt"] = e.Attempt,
            })]),
        };
    }

    private static JsonObject Service(Reachability reachability)
    {
        var json = new JsonObject { ["reachable"] = reachability.Reachable, ["error"] = reachability.Problem };
        foreach (var (key, value) in reachability.Details.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
    }

    private static string? Time(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Describe(JsonObject report)
    {
        var text = new StringBuilder();
        text.AppendLine($"Connection {report["connection"]!["name"]} ({report["connection"]!["id"]})");
        text.AppendLine($"  Salesforce:  {DescribeService(report["salesforce"]!.AsObject(), ("org_id", "org"), ("user_id", "user"), ("instance_url", "at"), ("daily_api_requests", "API requests today"))}");
        text.AppendLine($"  Stripe:      {DescribeService(report["stripe"]!.AsObject(), ("account_id", "account"))}");
        var live = report["live_sync"]!;
        text.AppendLine($"  Live sync:   {((bool)live["enabled"]! ? $"on, every {live["polling_interval_seconds"]} s" : "off")}");
        var queue = report["queue"]!;
        var oldest = queue["oldest_waiting_since"] is { } since ? $" (oldest since {since})" : "";
        text.AppendLine($"  Queue:       {queue["waiting"]} waiting{oldest}, {queue["leased"]} in progress, {queue["parked"]} parked");
        var errors = report["last_errors"]!.AsArray();
        text.AppendLine(errors.Count == 0 ? "No unresolved sync errors." : "Last errors");
        foreach (var error in errors)
        {
            text.AppendLine($"  {error!["at"]}  {error["object"]} {error["record"]}  {error["code"]}: {error["message"]}");
        }

        return text.ToString();
    }

    private static string DescribeService(JsonObject service, params (string Key, string Label)[] details)
    {
        if (!(bool)service["reachable"]!)
        {
            return $"NOT reachable: {service["error"]}";
        }

        var parts = details.Where(d => service[d.Key] is not null).Select(d => $"{d.Label} {service[d.Key]}").ToList();
        return parts.Count == 0 ? "reachable" : $"reachable ({string.Join(", ", parts)})";
    }
}
