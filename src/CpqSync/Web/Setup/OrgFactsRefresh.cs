using CpqSync.Engine.Connections;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;

namespace CpqSync.Web.Setup;

/// <summary>What the wizard's detection answered: the stored document with the facts, or why the org could not be read.</summary>
public sealed record OrgFactsRefreshResult(StoredConnectionDocument? Stored, string? Problem);

/// <summary>
/// Detection as the wizard runs it (after "Connect Salesforce" and on the Org page): the failures a person can fix
/// become a sentence naming the step that fixes them.
/// </summary>
public sealed class OrgFactsRefresh(SetupConnection connection, OrgFactsDetection detection)
{
    public async Task<OrgFactsRefreshResult> RunAsync(CancellationToken cancellationToken)
    {
        var stored = await connection.LoadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new OrgFactsRefreshResult(await detection.DetectAsync(stored.Id, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SalesforceApiException e)
        {
            return new OrgFactsRefreshResult(null,
                $"Salesforce could not be read ({e.ErrorCode}: {e.ErrorMessage}). Check the connection on the Authorize step, then refresh.");
        }
        catch (SalesforceOAuthException e)
        {
            return new OrgFactsRefreshResult(null,
                $"Salesforce refused the connection's credentials ({e.Error}). Connect Salesforce on the Authorize step, then refresh.");
        }
        catch (InvalidOperationException e) when (e.Source?.StartsWith("CpqSync.Salesforce", StringComparison.Ordinal) == true)
        {
            // The authenticator has no credentials yet (no refresh token before "Connect Salesforce").
            return new OrgFactsRefreshResult(null, "Salesforce is not connected yet. Connect Salesforce on the Authorize step, then refresh.");
        }
    }
}
