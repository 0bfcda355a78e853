using System.CommandLine;
using System.Runtime.InteropServices;
using CpqSync.Hosting;

namespace CpqSync.Cli;

/// <summary>The <c>cpqsync</c> command line: one subcommand per job.</summary>
public static class CpqSyncCommandLine
{
    public static RootCommand Create(TimeProvider time) => Create(time, CliEnvironment.Current());

    public static RootCommand Create(TimeProvider time, CliEnvironment environment)
    {
        var host = new HostOptions(time, environment);
        var root = new RootCommand("CpqSync: syncs Salesforce CPQ into Stripe Billing.") { host.Config };
        root.Subcommands.Add(SandboxCommand.Create(time));
        root.Subcommands.Add(PreviewCommand.Create(host));
        root.Subcommands.Add(ServeCommand.Create(host));
        root.Subcommands.Add(StatusCommand.Create(host));
        root.Subcommands.Add(ConfigCommand.Create(host));
        root.Subcommands.Add(CredentialsCommand.Create(host));
        root.Subcommands.Add(SyncCommand.Create(host));
        root.Subcommands.Add(BackfillCommand.Create(host));
        root.Subcommands.Add(DemoCommand.Create(host));
        return root;
    }

    /// <summary>
    /// The host's entry point: parses <paramref name="args"/> and runs the command. Bad flags get their error lines
    /// and exit code 2 (<see cref="ExitCodes.Usage"/>) rather than the full help text.
    /// </summary>
    public static async Task<int> InvokeAsync(
        string[] args, CliEnvironment environment, InvocationConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parse = Create(time, environment).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await configuration.Error.WriteLineAsync(error.Message);
            }

            await configuration.Error.WriteLineAsync("Run 'cpqsync --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Runs a command until it ends or the process is asked to stop (Ctrl+C, SIGINT, SIGTERM, SIGQUIT).</summary>
    public static async Task<int> RunAsync(string[] args, TimeProvider time)
    {
        using var stopping = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            // Keep the process alive so the command can stop its servers and return its own exit code.
            context.Cancel = true;
            stopping.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null };
        return await InvokeAsync(args, CliEnvironment.Current(), configuration, time, stopping.Token);
    }
}
