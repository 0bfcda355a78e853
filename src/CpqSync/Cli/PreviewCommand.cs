using System.CommandLine;
using CpqSync.Core.Planning;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Preview;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync preview order &lt;OrderId&gt; [--json] [--sandbox]</c>: reads the order from Salesforce and prints the
/// plan a sync would run, writing nothing anywhere.
/// </summary>
public static class PreviewCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var orderId = new Argument<string>("OrderId") { Description = "The Salesforce id of the order (801…)." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON (the format is in docs/cli.md)." };
        var sandbox = HostOptions.Sandbox();
        var order = new Command("order", "Print the plan that syncing one order would run, without writing anything.")
        {
            orderId, json, sandbox,
        };
        order.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return CommandFailures.RunAsync(
                parse.InvocationConfiguration.Error,
                () => RunAsync(host.Request(parse, sandbox), parse.GetValue(orderId)!, parse.GetValue(json), output, host.Time, cancellationToken),
                cancellationToken);
        });
        return new Command("preview", "Show what a sync would do, without writing anything.") { order };
    }

    public static async Task<int> RunAsync(
        HostRequest request, string orderId, bool json, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Preview reads and plans only: it never creates or changes the store, but runs on its stored credentials when
        // one exists, below the settings, as every command does.
        await using var host = await CommandHost.StartAsync(request with { UsesStore = false }, time, cancellationToken);
        var previewer = host.Services.GetRequiredService<OrderPreviewer>();
        OrderPreview preview;
        try
        {
            // Without the store there are no stored org facts: read them, as a connection's first run does.
            var facts = await host.Services.GetRequiredService<OrgFactsReader>().ReadAsync(cancellationToken);
            var configuration = host.SyncConfiguration with { Settings = facts.Prefill(host.SyncConfiguration.Settings, previous: null) };
            preview = await previewer.PreviewAsync(orderId.Trim(), configuration, cancellationToken: cancellationToken);
        }
        catch (SalesforceApiException e) when (e.ErrorCode is "INVALID_QUERY_FILTER_OPERATOR" or "MALFORMED_ID" or "INVALID_ID_FIELD")
        {
            // Shaped like an id but not one (a wrong checksum suffix): Salesforce refuses the query rather than finding nothing.
            throw new CliException(ExitCodes.NotFound, $"Order '{orderId.Trim()}' is not a valid Salesforce record id.", e);
        }

        var text = json ? PlanJson.Serialize(preview.Result) + Environment.NewLine : PlanSummary.Describe(preview.Result);
        await output.WriteAsync(text.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return preview.Result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }
}
