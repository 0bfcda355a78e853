namespace CpqSync.Cli;

/// <summary>
/// A failure the user can act on: the command prints <see cref="Exception.Message"/> as one line (no stack trace)
/// and exits with <see cref="ExitCode"/>. The message must never hold a secret.
/// </summary>
public sealed class CliException(int exitCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
