namespace CpqSync.Hosting;

/// <summary>What a command asked for: its <c>--config</c> file, and whether to run against the embedded sandbox.</summary>
/// <param name="UsesStore">
/// Whether the command opens the store: only then are the connection's stored credentials read at start (see
/// <see cref="StoredCredentials"/>), so a command that never touches the store (<c>preview</c>) never creates one.
/// </param>
public sealed record HostRequest(CliEnvironment Environment, FileInfo? ConfigFile, bool UseSandbox, bool UsesStore = true);
