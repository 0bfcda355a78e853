using System.CommandLine;
using CpqSync.Hosting;

namespace CpqSync.Cli;

/// <summary>What every command that connects to Salesforce and Stripe shares: the clock, the environment, <c>--config</c>.</summary>
public sealed class HostOptions(TimeProvider time, CliEnvironment environment)
{
    public TimeProvider Time { get; } = time;

    public CliEnvironment Environment { get; } = environment;

    /// <summary>Recursive on the root command, so it is accepted after any subcommand.</summary>
    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "A JSON settings file, applied over appsettings.json (CPQSYNC_ environment variables still win).",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>A fresh <c>--sandbox</c> flag for a command that can run against the embedded sandbox.</summary>
    public static Option<bool> Sandbox() => new("--sandbox")
    {
        Description = "Start the embedded sandbox (demo seed) on free loopback ports and connect to it; no settings needed.",
    };

    public HostRequest Request(ParseResult parse, Option<bool>? sandbox = null) =>
        new(Environment, parse.GetValue(Config), sandbox is not null && parse.GetValue(sandbox));
}
