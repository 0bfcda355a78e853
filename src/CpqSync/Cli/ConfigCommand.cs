using System.CommandLine;
using CpqSync.Engine.Connections;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync config export FILE</c> writes the connection's document (mappings and preferences, never credentials);
/// <c>cpqsync config import FILE</c> checks a document against the org and stores it. <c>-</c> is standard output or input.
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
        var import = new Command("import", "Check a mappings and preferences document against the org and store it.") { importFile };
        import.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => ImportAsync(host.Request(parse), parse.GetValue(importFile)!, configuration.Output, configuration.Error, host.Time, cancellationToken),
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

    public static async Task<int> ImportAsync(
        HostRequest request, string file, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (name, text) = await ReadAsync(request, file, cancellationToken);
        ConnectionDocument document;
        try
        {
            document = ConnectionDocumentJson.Load(text);
        }
        catch (ConnectionDocumentException e)
        {
            throw new CliException(ExitCodes.Usage, $"{name}: {e.Message}", e);
        }

        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var connection = await host.OpenConnectionAsync(cancellationToken);
        var (checkedAgainstOrg, problem) = await CheckAgainstOrgAsync(host, document, cancellationToken);
        if (problem is not null)
        {
            throw new CliException(ExitCodes.Usage, $"{name}: {problem}");
        }

        if (!checkedAgainstOrg)
        {
            await error.WriteLineAsync("Salesforce is unreachable: the mappings and filters were stored without being checked against the org.");
        }

        var documents = host.Services.GetRequiredService<ConnectionDocumentStore>();
        var stored = connection.Stored;
        while (await documents.SaveAsync(stored.Id, document, stored.Version, cancellationToken) is null)
        {
            // Someone (the web app) saved in between: the import replaces the whole document, so take their version and save again.
            stored = await documents.LoadAsync(stored.Id, cancellationToken)
                ?? throw new CliException(ExitCodes.Failed, $"Connection '{connection.Name}' was deleted during the import.");
        }

        await output.WriteLineAsync(
            $"Imported {name} into connection '{connection.Name}' (live sync {(document.LiveSync ? "on" : "off")}).".AsMemory(), cancellationToken);
        return ExitCodes.Success;
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
