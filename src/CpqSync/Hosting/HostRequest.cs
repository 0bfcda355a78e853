namespace CpqSync.Hosting;

/// <summary>What a command asked for: its <c>--config</c> file, and whether to run against the embedded sandbox.</summary>
/// <param name="UsesStore">
/// Whether the command opens the store. A command that never touches it (<c>preview</c>) still reads the connection's
/// stored credentials when a store exists (see <see cref="StoredCredentials"/>), but never creates one.
/// </param>
/// <param name="NeedsCredentials">
/// Whether the command signs in to Salesforce and Stripe, so that a missing credential stops it at start (exit code 2).
/// </param>
/// <param name="SandboxSeed">The embedded org's seed with <paramref name="UseSandbox"/> (<c>serve</c> only): <c>demo</c> unless a test asks for <c>scale:N</c>.</param>
public sealed record HostRequest(CliEnvironment Environment, FileInfo? ConfigFile, bool UseSandbox, bool UsesStore = true, bool NeedsCredentials = true,
    string SandboxSeed = EmbeddedSandbox.DefaultSeed);
