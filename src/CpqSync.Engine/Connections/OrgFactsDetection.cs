using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Storage;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Connections;

/// <summary>
/// Reads a connection's <see cref="OrgFacts"/> and stores them with its document, pre-filling the settings they imply
/// (<see cref="OrgFacts.Prefill"/>): after the wizard connects Salesforce, on the Org page's Refresh, and before a
/// command or a worker pass runs a connection that was never detected (<see cref="EnsureDetectedAsync"/>).
/// </summary>
public sealed class OrgFactsDetection(OrgFactsReader reader, ISyncStore store, ILogger<OrgFactsDetection> logger)
{
    private readonly ConnectionDocumentStore _documents = new(store);

    private const int SaveAttempts = 3;

    /// <summary>Reads the org now and stores what it says.</summary>
    /// <returns>The stored document, or null when the connection no longer exists.</returns>
    /// <exception cref="SalesforceApiException">The org can't be read.</exception>
    public async Task<StoredConnectionDocument?> DetectAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var facts = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var stored = await _documents.LoadAsync(connectionId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null;
            }

            var document = stored.Document;
            var settings = facts.Prefill(document.Mappings.Settings, document.Org);
            var updated = document with { Org = facts, Mappings = document.Mappings with { Settings = settings } };
            var saved = await _documents.SaveAsync(connectionId, updated, stored.Version, cancellationToken).ConfigureAwait(false);
            if (saved is not null)
            {
                logger.OrgFactsDetected(facts.OrganizationId, facts.MultiCurrency, facts.CorporateCurrency, facts.TimeZoneSidKey, facts.CpqVersion);
                return saved;
            }
        }

        throw new InvalidOperationException($"Connection {connectionId} kept changing while its org facts were being stored.");
    }

    /// <summary>
    /// Detects the org of a connection that was never detected. When the org can't be read the connection runs with
    /// its stored settings and the next run tries again.
    /// </summary>
    /// <returns>Whether the org was detected now (the stored document changed).</returns>
    public async Task<bool> EnsureDetectedAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var stored = await _documents.LoadAsync(connectionId, cancellationToken).ConfigureAwait(false);
        if (stored is null || stored.Document.Org is not null)
        {
            return false;
        }

        try
        {
            return await DetectAsync(connectionId, cancellationToken).ConfigureAwait(false) is not null;
        }
        catch (SalesforceApiException e)
        {
            logger.OrgFactsNotRead($"{e.ErrorCode}: {e.ErrorMessage}");
        }
        catch (SalesforceOAuthException e)
        {
            logger.OrgFactsNotRead(e.Message);
        }
        catch (InvalidOperationException e) when (e.Source?.StartsWith("CpqSync.Salesforce", StringComparison.Ordinal) == true)
        {
            logger.OrgFactsNotRead(e.Message); // not connected yet: no refresh token before "Connect Salesforce"
        }

        return false;
    }
}
