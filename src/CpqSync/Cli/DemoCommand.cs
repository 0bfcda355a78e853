using System.CommandLine;
using CpqSync.Engine.Backfill;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync demo</c>: the embedded sandbox with the demo seed, a throwaway SQLite store, a full backfill, then one line
/// per demo order with how it ended. Exit 0 when every order ended as the demo means it to (the bad ones fail with
/// their catalogue codes), 1 when anything else happened.
/// </summary>
public static class DemoCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var command = new Command("demo", "Sync the demo org into an emulated Stripe account and show how each order ended.");
        command.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => RunAsync(host.Request(parse), configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(HostRequest request, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        var store = Directory.CreateTempSubdirectory("cpqsync-demo-");
        try
        {
            await using var host = await CommandHost.StartAsync(WithSandbox(request, store), time, cancellationToken);
            var connection = await CommandConnection.OpenAsync(host, cancellationToken);
            await output.WriteLineAsync("Syncing the demo org (embedded sandbox) into the emulated Stripe account…".AsMemory(), cancellationToken);
            var view = new BackfillProgressView(output, terminal: false);
            await host.Services.GetRequiredService<BackfillRunner>().RunAsync(connection, null, view, cancellationToken);
            var rows = await ReadRowsAsync(host.Services, connection.Id, cancellationToken);
            await output.WriteLineAsync();
            await output.WriteAsync(DemoTable.Describe(rows).AsMemory(), cancellationToken);
            await output.FlushAsync(cancellationToken);
            return rows.All(r => r.AsExpected) ? ExitCodes.Success : ExitCodes.Failed;
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    /// <summary>Every demo order, whether or not it was synced, with its latest outcome.</summary>
    private static async Task<IReadOnlyList<DemoRow>> ReadRowsAsync(IServiceProvider services, Guid connectionId, CancellationToken cancellationToken)
    {
        var salesforce = services.GetRequiredService<SalesforceClient>();
        var monitor = services.GetRequiredService<ISyncMonitor>();
        var rows = new List<DemoRow>();
        await foreach (var order in salesforce.QueryAsync(
            Soql.Query($"SELECT Id, Description, Status FROM Order ORDER BY Id"), cancellationToken: cancellationToken))
        {
            var id = (string)order["Id"]!;
            var description = (string?)order["Description"];
            var latest = await monitor.GetRecentOutcomesAsync(new OutcomeQuery(connectionId, RecordId: id, Limit: 1), cancellationToken);
            rows.Add(new DemoRow(id, description ?? "", DemoExpectations.For(description, (string?)order["Status"]), latest.FirstOrDefault()));
        }

        return rows;
    }

    /// <summary>The embedded sandbox, and a store of its own that no other setting can point elsewhere.</summary>
    private static HostRequest WithSandbox(HostRequest request, DirectoryInfo store)
    {
        var variables = new Dictionary<string, string>(request.Environment.Variables, StringComparer.Ordinal);
        foreach (var key in variables.Keys.Where(Overridden).ToList())
        {
            variables.Remove(key);
        }

        variables["CPQSYNC_Storage__Provider"] = "sqlite";
        variables["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(store.FullName, "cpqsync.db")}";
        variables["CPQSYNC_Storage__EncryptionKeyFile"] = Path.Combine(store.FullName, "cpqsync.key");
        return request with { Environment = request.Environment with { Variables = variables }, UseSandbox = true };
    }

    /// <summary>The user's storage settings and mapping file: the demo runs on its own store and the demo org's mappings.</summary>
    private static bool Overridden(string variable) =>
        variable.StartsWith("CPQSYNC_Storage__", StringComparison.OrdinalIgnoreCase)
        || variable.Equals("CPQSYNC_Sync__ConfigurationFile", StringComparison.OrdinalIgnoreCase);
}
