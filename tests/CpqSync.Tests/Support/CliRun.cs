using System.CommandLine;
using CpqSync.Cli;
using CpqSync.Hosting;

namespace CpqSync.Tests.Support;

/// <summary>What one run of the host's entry point printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Runs <c>cpqsync</c>'s real entry point in-process with its own environment variables and working directory.</summary>
internal static class CliRun
{
    public static async Task<CliResult> InvokeAsync(string[] args, IReadOnlyDictionary<string, string> variables, string workingDirectory)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var environment = new CliEnvironment(variables, workingDirectory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var exitCode = await CpqSyncCommandLine.InvokeAsync(args, environment, configuration, TimeProvider.System, timeout.Token);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
