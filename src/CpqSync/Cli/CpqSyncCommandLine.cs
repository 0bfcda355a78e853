using System.CommandLine;
using System.Runtime.InteropServices;

namespace CpqSync.Cli;

/// <summary>The <c>cpqsync</c> command line: one subcommand per job.</summary>
public static class CpqSyncCommandLine
{
    public static RootCommand Create(TimeProvider time)
    {
        var root = new RootCommand("CpqSync: syncs Salesforce CPQ into Stripe Billing.");
        root.Subcommands.Add(SandboxCommand.Create(time));
        return root;
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
        return await Create(time).Parse(args).InvokeAsync(configuration, stopping.Token);
    }
}
