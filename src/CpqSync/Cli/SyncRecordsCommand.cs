using System.CommandLine;
using CpqSync.Core.Planning;
using CpqSync.Engine.Records;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// The catalogue's manual syncs: <c>sync products [ProductId…]</c> (every active product when none is named),
/// <c>sync pricebook &lt;Id&gt;</c> (a price book's active entries, or one entry) and <c>sync account &lt;Id&gt;</c>.
/// </summary>
public static class SyncRecordsCommand
{
    public static IEnumerable<Command> Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var products = new Argument<string[]>("ProductId")
        {
            Description = "Product2 ids (01t…); none syncs every active product.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        yield return Subcommand(host, "products", "Sync products to Stripe products (every active one unless ids are given).", products,
            (parse, services, ct) => ProductsTargetAsync(parse.GetValue(products) ?? [], services, ct));

        var pricebook = new Argument<string>("Id") { Description = "A Pricebook2 id (01s…: its active entries) or a PricebookEntry id (01u…)." };
        yield return Subcommand(host, "pricebook", "Sync a price book's active entries to Stripe products and prices.", pricebook,
            (parse, _, _) => Task.FromResult(RecordSyncTarget.Pricebook(RecordIds.Require(parse.GetValue(pricebook)!, "Price book"))));

        var account = new Argument<string>("AccountId") { Description = "The Salesforce id of the account (001…)." };
        yield return Subcommand(host, "account", "Sync an account to its Stripe customer.", account,
            (parse, _, _) => Task.FromResult(RecordSyncTarget.Account(RecordIds.Require(parse.GetValue(account)!, "Account"))));
    }

    private static Command Subcommand(
        HostOptions host, string name, string description, Argument ids,
        Func<ParseResult, IServiceProvider, CancellationToken, Task<RecordSyncTarget>> target)
    {
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON (the format is in docs/cli.md)." };
        var sandbox = HostOptions.Sandbox();
        var command = new Command(name, description) { ids, json, sandbox };
        command.SetAction((parse, cancellationToken) => CommandFailures.RunAsync(
            parse.InvocationConfiguration.Error,
            () => RunAsync(host.Request(parse, sandbox), (services, ct) => target(parse, services, ct), parse.GetValue(json),
                parse.InvocationConfiguration.Output, host.Time, cancellationToken),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        HostRequest request, Func<IServiceProvider, CancellationToken, Task<RecordSyncTarget>> target, bool json, TextWriter output,
        TimeProvider time, CancellationToken cancellationToken)
    {
        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var records = await target(host.Services, cancellationToken);
        var connection = await CommandConnection.OpenAsync(host, cancellationToken);
        var result = await host.Services.GetRequiredService<RecordSyncer>().SyncAsync(connection, records, cancellationToken);
        switch (result.Status)
        {
            case RecordSyncStatus.NotFound:
                throw new CliException(ExitCodes.NotFound,
                    $"No {Noun(records.Kind)} visible to the integration user has the id {string.Join(", ", result.Missing.Select(id => $"'{id}'"))}.");
            case RecordSyncStatus.ReadFailed:
                throw new CliException(ExitCodes.Unavailable, $"Salesforce could not be read: {OneLine.Of(result.Message)}");
        }

        var testMode = connection.SyncRecords.StripeTestMode;
        var text = json ? CliJson.Serialize(RecordSyncReport.Json(result, testMode)) : RecordSyncReport.Describe(result, testMode);
        await output.WriteAsync(text.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return result.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>The named products, or every active one: "Sync all products".</summary>
    private static async Task<RecordSyncTarget> ProductsTargetAsync(string[] ids, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (ids.Length > 0)
        {
            return RecordSyncTarget.Products(ids.Select(id => RecordIds.Require(id, "Product")).ToList());
        }

        var salesforce = services.GetRequiredService<SalesforceClient>();
        var active = new List<string>();
        await foreach (var product in salesforce.QueryAsync(
            Soql.Query($"SELECT Id FROM Product2 WHERE IsActive = true ORDER BY Id"), cancellationToken: cancellationToken))
        {
            active.Add((string)product["Id"]!);
        }

        return RecordSyncTarget.Products(active);
    }

    private static string Noun(RecordSyncKind kind) => kind switch
    {
        RecordSyncKind.Products => "product",
        RecordSyncKind.Pricebook => "price book or price book entry",
        _ => "account",
    };
}
