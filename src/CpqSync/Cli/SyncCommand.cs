using System.CommandLine;
using CpqSync.Engine.Sync;
using CpqSync.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync sync order &lt;OrderId&gt;</c> (and, for the catalogue, <c>products</c>, <c>pricebook</c>, <c>account</c>):
/// syncs at once, outside the queue and whether live sync is on or off, and prints what happened.
/// </summary>
public static class SyncCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var command = new Command("sync", "Sync records to Stripe now, even with live sync off.");
        command.Subcommands.Add(OrderCommand(host));
        foreach (var records in SyncRecordsCommand.Create(host))
        {
            command.Subcommands.Add(records);
        }
        return command;
    }

    private static Command OrderCommand(HostOptions host)
    {
        var orderId = new Argument<string>("OrderId") { Description = "The Salesforce id of the order (801…)." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON (the format is in docs/cli.md)." };
        var sandbox = HostOptions.Sandbox();
        var order = new Command("order", "Sync one order to Stripe and write its ids and a Sync Record back to Salesforce.")
        {
            orderId, json, sandbox,
        };
        order.SetAction((parse, cancellationToken) => CommandFailures.RunAsync(
            parse.InvocationConfiguration.Error,
            () => SyncOrderAsync(host.Request(parse, sandbox), parse.GetValue(orderId)!, parse.GetValue(json),
                parse.InvocationConfiguration.Output, host.Time, cancellationToken),
            cancellationToken));
        return order;
    }

    public static async Task<int> SyncOrderAsync(
        HostRequest request, string orderId, bool json, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var id = RecordIds.Require(orderId, "Order");
        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var connection = await CommandConnection.OpenAsync(host, cancellationToken);
        var result = await host.Services.GetRequiredService<ManualSync>().SyncOrderAsync(connection, id, cancellationToken);
        ThrowIfUnavailable(result);
        var testMode = connection.SyncRecords.StripeTestMode;
        var text = json ? CliJson.Serialize(OrderSyncReport.Json(result, testMode)) : OrderSyncReport.Describe(result, testMode);
        await output.WriteAsync(text.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>The outcomes that are not the order's fault get their exit code and one line, like every command's.</summary>
    private static void ThrowIfUnavailable(SyncResult result)
    {
        switch (result.Status)
        {
            case OrderSyncStatus.NotFound:
                throw new CliException(ExitCodes.NotFound, $"Order '{result.RecordId}' does not exist or is not visible to the integration user.");
            case OrderSyncStatus.SalesforceFailed:
                throw new CliException(ExitCodes.Unavailable, $"Salesforce refused or failed the sync of order {result.RecordId}: {result.Message}");
            case OrderSyncStatus.StripeFailed when result.StripeUnavailable:
                // Reading Stripe before planning fails the same way as applying the plan: both are the connection's fault.
                var reason = result.StripeFailure is { } failure ? $"{failure.ErrorType}: {failure.Message}" : result.Message;
                throw new CliException(ExitCodes.Unavailable,
                    $"Stripe is unreachable or refused the API key ({reason}): check Stripe:ApiBase and Stripe:ApiKey.");
        }
    }
}
