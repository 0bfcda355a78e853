using System.CommandLine;
using System.Globalization;
using CpqSync.Engine.Backfill;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync config export FILE</c> writes the connection's document (mappings and preferences, never credentials);
/// <c>cpqsync config import FILE</c> merges a (partial) document into the stored one, or replaces it with
/// <c>--replace</c>, checks the result against the org, stores it and prints what changed. <c>-</c> is standard output or input.
/// </summary>
public static class ConfigCommand
{
    public const string StandardStream = "-";

    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var exportFile = new Argument<string>("FILE") { Description = "Where to write the document ('-' for standard output)." };
        var export = new Command("export", "Write the connection's mappings and preferences as JSON.") { exportFile };
        export.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => ExportAsync(host.Request(parse), parse.GetValue(exportFile)!, configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });

        var importFile = new Argument<string>("FILE") { Description = "The document to store ('-' for standard input)." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Replace the whole stored document (keys the file leaves out go back to their defaults) instead of merging the file into it.",
        };
        var import = new Command("import", "Merge a mappings and preferences document into the stored one, check it against the org and store it.")
        {
            importFile, replace,
        };
        import.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => ImportAsync(
                    host.Request(parse), parse.GetValue(importFile)!, parse.GetValue(replace), configuration.Output, configuration.Error, host.Time,
                    cancellationToken),
                cancellationToken);
        });
        return new Command("config", "Export or import the connection's mappings and preferences.") { export, import };
    }

    public static async Task<int> ExportAsync(HostRequest request, string file, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        // Exporting reads the store only: it needs no credentials.
        await using var host = await CommandHost.StartAsync(request with { NeedsCredentials = false }, time, cancellationToken);
        var connection = await host.OpenConnectionAsync(cancellationToken);
        var json = ConnectionDocumentJson.Save(connection.Stored.Document) + Environment.NewLine;
        if (file == StandardStream)
        {
            await output.WriteAsync(json.AsMemory(), cancellationToken);
            await output.FlushAsync(cancellationToken);
            return ExitCodes.Success;
        }

        var path = Path.GetFullPath(file, request.Environment.WorkingDirectory);
        try
        {
            await File.WriteAllTextAsync(path, json, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Can't write {path}: {e.Message}", e);
        }

        await output.WriteLineAsync($"Exported connection '{connection.Name}' to {path}.".AsMemory(), cancellationToken);
        return ExitCodes.Success;
    }

    /// <param name="replace">Store the file as the whole document instead of merging it into the stored one.</param>
    public static async Task<int> ImportAsync(
        HostRequest request, string file, bool replace, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (name, text) = await ReadAsync(request, file, cancellationToken);
        ConnectionDocument Read(ConnectionDocument stored)
        {
            try
            {
                return replace ? ConnectionDocumentJson.Load(text) : ConnectionDocumentMerge.Merge(stored, text);
            }
            catch (ConnectionDocumentException e)
            {
                throw new CliException(ExitCodes.Usage, $"{name}: {e.Message}", e);
            }
        }

        // Read once before connecting: a file that can't be read fails without touching Salesforce or the store.
        Read(ConnectionDocument.Default);
        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var connection = await host.OpenConnectionAsync(cancellationToken);
        var documents = host.Services.GetRequiredService<ConnectionDocumentStore>();
        var stored = connection.Stored;
        var document = Read(stored.Document);
        if (document.LiveSync && !stored.Document.LiveSync && LiveSyncStart.NeedsDecision(document.Preferences))
        {
            throw new CliException(ExitCodes.Usage, $"{name}: {await FirstSyncProblemAsync(host, document, time, cancellationToken)}");
        }

        var (checkedAgainstOrg, problem) = await CheckAgainstOrgAsync(host, document, cancellationToken);
        if (problem is not null)
        {
            throw new CliException(ExitCodes.Usage, $"{name}: {problem}");
        }

        if (!checkedAgainstOrg)
        {
            await error.WriteLineAsync("Salesforce is unreachable: the mappings and filters were stored without being checked against the org.");
        }

        while (await documents.SaveAsync(stored.Id, document, stored.Version, cancellationToken) is null)
        {
            // Someone (the web app) saved in between: merge into their version (or replace it) and save again.
            stored = await documents.LoadAsync(stored.Id, cancellationToken)
                ?? throw new CliException(ExitCodes.Failed, $"Connection '{connection.Name}' was deleted during the import.");
            document = Read(stored.Document);
        }

        var changes = ConnectionDocumentMerge.Changes(stored.Document, document);
        var summary = replace
            ? $"Replaced the document of connection '{connection.Name}' with {name}"
            : $"Merged {name} into connection '{connection.Name}'";
        await output.WriteLineAsync(
            $"{summary}: {Describe(changes.Count)} (live sync {(document.LiveSync ? "on" : "off")}).".AsMemory(), cancellationToken);
        foreach (var change in changes)
        {
            await output.WriteLineAsync($"  {change}".AsMemory(), cancellationToken);
        }

        return ExitCodes.Success;
    }

    private static string Describe(int changes) => changes switch
    {
        0 => "nothing changed",
        1 => "1 change",
        _ => $"{changes} changes",
    };

    /// <summary>
    /// Turning live sync on for the first time is a decision about history (docs/cli.md): the document must say where it
    /// starts. Says how many orders "everything" would be, when Salesforce can count them.
    /// </summary>
    private static async Task<string> FirstSyncProblemAsync(CommandHost host, ConnectionDocument document, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = LiveSyncStart.Today(document, time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string history;
        try
        {
            var count = await BackfillRunner.CountAsync(host.Services.GetRequiredService<SalesforceClient>(), document.Preferences, cancellationToken);
            history = string.Create(CultureInfo.InvariantCulture, $"; with none, live sync would sync all {count:N0} activated orders that match the filters");
        }
        catch (Exception e) when (e is SalesforceApiException or HttpRequestException or SyncFilterException or Polly.Timeout.TimeoutRejectedException)
        {
            history = "";
        }

        return $"$.preferences.start_date: turning live sync on needs a start date{history}. "
            + $"Set it to today (\"{today}\") to sync new orders only, or to an earlier day to sync the orders activated since.";
    }

    /// <summary>The first problem with the document against the org; not checked when Salesforce can't be reached.</summary>
    private static async Task<(bool Checked, string? Problem)> CheckAgainstOrgAsync(CommandHost host, ConnectionDocument document, CancellationToken cancellationToken)
    {
        var client = host.Services.GetRequiredService<SalesforceClient>();
        try
        {
            var problems = await ConnectionDocumentValidator.ValidateAsync(document, client, cancellationToken);
            return (true, problems.Count switch
            {
                0 => null,
                1 => problems[0].ToString(),
                _ => $"{problems[0]} (and {problems.Count - 1} more)",
            });
        }
        catch (Exception e) when (e is SalesforceApiException { ErrorCode: SalesforceApiException.ConnectionFailedCode }
            or HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            // Refused credentials are not "unreachable": they surface as exit code 4.
            return (false, null);
        }
    }

    private static async Task<(string Name, string Text)> ReadAsync(HostRequest request, string file, CancellationToken cancellationToken)
    {
        if (file == StandardStream)
        {
            return ("standard input", await Console.In.ReadToEndAsync(cancellationToken));
        }

        var path = Path.GetFullPath(file, request.Environment.WorkingDirectory);
        try
        {
            return (path, await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Usage, $"The file {path} does not exist.", e);
        }
    }
}
