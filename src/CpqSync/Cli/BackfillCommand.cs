using System.CommandLine;
using System.Globalization;
using CpqSync.Engine.Backfill;
using CpqSync.Engine.Filters;
using CpqSync.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync backfill [--since YYYY-MM-DD]</c>: syncs every order the preferences select, with progress, then a
/// summary. Resumable: the runner keeps its place in the store, so running it again after a kill continues.
/// </summary>
public static class BackfillCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var since = new Option<string?>("--since")
        {
            Description = "Only orders activated on or after this day (UTC), instead of the preferences' start date.",
            HelpName = "YYYY-MM-DD",
        };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (the format is in docs/cli.md); no progress." };
        var sandbox = HostOptions.Sandbox();
        var command = new Command("backfill", "Sync every order that matches the sync preferences, then print a summary.")
        {
            since, json, sandbox,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error,
                () => RunAsync(host.Request(parse, sandbox), ParseSince(parse.GetValue(since)), parse.GetValue(json),
                    configuration.Output, host.Time, cancellationToken),
                cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        HostRequest request, DateOnly? since, bool json, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        await using var host = await CommandHost.StartAsync(request, time, cancellationToken);
        var connection = await CommandConnection.OpenAsync(host, cancellationToken);
        var started = time.GetUtcNow();
        var view = json ? null : new BackfillProgressView(output, terminal: IsTerminal(output));
        BackfillReport report;
        try
        {
            report = await host.Services.GetRequiredService<BackfillRunner>().RunAsync(connection, since, view, cancellationToken);
        }
        catch (SyncFilterException e)
        {
            throw new CliException(ExitCodes.Usage, $"The connection's sync filters don't fit the org: {e.Message} Fix them with 'cpqsync config import FILE'.", e);
        }
        finally
        {
            view?.Complete();
        }

        var summary = await BackfillSummary.ReadAsync(host.Services, connection.Id, report, since, started, cancellationToken);
        var text = json ? CliJson.Serialize(summary.Json()) : summary.Describe();
        await output.WriteAsync(text.AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return report.AllSucceeded ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <exception cref="CliException">Not a date (exit code 2).</exception>
    public static DateOnly? ParseSince(string? value) =>
        value is null ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new CliException(ExitCodes.Usage, $"--since must be a day as YYYY-MM-DD (for example 2026-01-31), not '{value}'.");

    /// <summary>A bar only when a person watches: the process's own console output, not redirected (tests pass their own writer).</summary>
    private static bool IsTerminal(TextWriter output) =>
        !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
}
