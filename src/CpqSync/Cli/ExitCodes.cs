namespace CpqSync.Cli;

/// <summary>The exit codes every command shares (documented in docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The work ran and found problems: for <c>preview</c>, catalogue errors stop the order's plan.</summary>
    public const int Failed = 1;

    /// <summary>Bad flags, or a missing or invalid setting: nothing was attempted.</summary>
    public const int Usage = 2;

    /// <summary>The record named on the command line does not exist (or the integration user can't see it).</summary>
    public const int NotFound = 3;

    /// <summary>Salesforce is unreachable, refused the credentials, or lacks CpqSync's package.</summary>
    public const int Unavailable = 4;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the work finished (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
