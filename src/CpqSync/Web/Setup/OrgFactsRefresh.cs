using CpqSync.Engine.Connections;

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
        var result = await detection.TryDetectAsync(stored.Id, cancellationToken).ConfigureAwait(false);
        return new OrgFactsRefreshResult(result.Stored, result.Problem switch
        {
            null => null,
            { Kind: OrgFactsProblemKind.NotConnected } => "Salesforce is not connected yet. Connect Salesforce on the Authorize step, then refresh.",
            { Kind: OrgFactsProblemKind.CredentialsRefused } p =>
                $"Salesforce refused the connection's credentials ({p.Reason}). Connect Salesforce on the Authorize step, then refresh.",
            { } p => $"Salesforce could not be read ({p.Reason}). Check the connection on the Authorize step, then refresh.",
        });
    }
}
