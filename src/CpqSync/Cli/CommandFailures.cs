using CpqSync.Engine.Connections;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using Polly.Timeout;

namespace CpqSync.Cli;

/// <summary>
/// Runs a command's work and turns the failures a user can act on into one line on standard error and an exit
/// code (docs/cli.md), instead of a stack trace. Bugs still surface as exceptions.
/// </summary>
public static class CommandFailures
{
    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(work);
        var (exitCode, line) = await TryAsync(work, cancellationToken);
        if (line is not null)
        {
            await error.WriteLineAsync(OneLine(line));
            await error.FlushAsync(CancellationToken.None);
        }

        return exitCode;
    }

    /// <summary>
    /// Salesforce's query errors span lines (the query, a caret, then the reason): keep the reason, the last line.
    /// </summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length <= 1 ? message.Trim() : $"{lines[0]} {lines[^1]}";
    }

    private static async Task<(int ExitCode, string? Line)> TryAsync(Func<Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            return (await work(), null);
        }
        catch (CliException e)
        {
            return (e.ExitCode, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (ExitCodes.Cancelled, "Stopped before finishing.");
        }
        catch (ConnectionDocumentException e)
        {
            // Only a stored document can get here (files are checked where they are read): someone edited the store by hand.
            return (ExitCodes.Usage, $"The connection's stored configuration is not valid: {e.Message} Fix it with 'cpqsync config import FILE'.");
        }
        catch (OrderNotFoundException e)
        {
            return (ExitCodes.NotFound, e.Message);
        }
        catch (SalesforceOAuthException e)
        {
            // The OAuth error and its description name what is wrong (invalid_client_id, authentication failure) but never the secret.
            return (ExitCodes.Unavailable,
                $"Salesforce refused the login ({e.Error}: {e.ErrorDescription}): check Salesforce:LoginUrl, ClientId, ClientSecret and the user's credentials.");
        }
        catch (SalesforceApiException e) when (e.ErrorCode == SalesforceApiException.ConnectionFailedCode)
        {
            return (ExitCodes.Unavailable, $"Salesforce is unreachable: {e.ErrorMessage} (Salesforce:LoginUrl).");
        }
        catch (SalesforceApiException e)
        {
            return (ExitCodes.Unavailable, $"Salesforce refused the request: {e.ErrorCode}: {e.ErrorMessage}");
        }
        catch (SnapshotSchemaException e)
        {
            return (ExitCodes.Unavailable, e.Message);
        }
        catch (HttpRequestException e)
        {
            return (ExitCodes.Unavailable, $"Salesforce is unreachable: {e.Message} (Salesforce:LoginUrl).");
        }
        catch (TimeoutRejectedException)
        {
            return (ExitCodes.Unavailable, "Salesforce did not answer in time (Salesforce:AttemptTimeout, Salesforce:LoginUrl).");
        }
    }
}
