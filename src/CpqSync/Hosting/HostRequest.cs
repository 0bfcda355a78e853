namespace CpqSync.Hosting;

/// <summary>What a command asked for: its <c>--config</c> file, and whether to run against the embedded sandbox.</summary>
public sealed record HostRequest(CliEnvironment Environment, FileInfo? ConfigFile, bool UseSandbox);
