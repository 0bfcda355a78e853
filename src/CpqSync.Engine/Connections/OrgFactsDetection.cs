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
    public Task<StoredConnectionDocument?> DetectAsync(Guid connectionId, CancellationToken cancellationToken) =>
        DetectAsync(connectionId, onlyIfUndetected: false, cancellationToken);

    /// <param name="onlyIfUndetected">
    /// Leave the document as it is when it was detected while the org was being read (the wizard's Refresh, then an
    /// admin's edit of what it prefilled): a background detection never puts back settings someone has since changed.
    /// </param>
    private async Task<StoredConnectionDocument?> DetectAsync(Guid connectionId, bool onlyIfUndetected, CancellationToken cancellationToken)
    {
        var facts = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < SaveAttempts; attempt++)
        {
            var stored = await _documents.LoadAsync(connectionId, cancellationToken).ConfigureAwait(false);
            if (stored is null || (onlyIfUndetected && stored.Document.Org is not null))
            {
                return stored;
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

        var result = await TryDetectAsync(connectionId, onlyIfUndetected: true, cancellationToken).ConfigureAwait(false);
        if (result.Problem is { } problem)
        {
            logger.OrgFactsNotRead(problem.Reason);
        }

        return result.Stored is not null;
    }

    /// <summary>Like <see cref="DetectAsync"/>, with the reasons an org can't be read as a result instead of an exception.</summary>
    public Task<OrgFactsDetectionResult> TryDetectAsync(Guid connectionId, CancellationToken cancellationToken) =>
        TryDetectAsync(connectionId, onlyIfUndetected: false, cancellationToken);

    private async Task<OrgFactsDetectionResult> TryDetectAsync(Guid connectionId, bool onlyIfUndetected, CancellationToken cancellationToken)
    {
        try
        {
            return new OrgFactsDetectionResult(await DetectAsync(connectionId, onlyIfUndetected, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SalesforceApiException e)
        {
            return new OrgFactsDetectionResult(null, new OrgFactsProblem(OrgFactsProblemKind.Unreadable, $"{e.ErrorCode}: {e.ErrorMessage}"));
        }
        catch (SalesforceOAuthException e)
        {
            return new OrgFactsDetectionResult(null, new OrgFactsProblem(OrgFactsProblemKind.CredentialsRefused, e.Error));
        }
        catch (SalesforceCredentialsMissingException e)
        {
            // No credentials yet (no refresh token before "Connect Salesforce").
            return new OrgFactsDetectionResult(null, new OrgFactsProblem(OrgFactsProblemKind.NotConnected, e.Message));
        }
    }
}

/// <summary>Why an org's facts could not be read.</summary>
public enum OrgFactsProblemKind
{
    /// <summary>Salesforce answered with an error or could not be reached.</summary>
    Unreadable,

    /// <summary>Salesforce refused the connection's credentials.</summary>
    CredentialsRefused,

    /// <summary>The connection has no Salesforce credentials yet.</summary>
    NotConnected,
}

public sealed record OrgFactsProblem(OrgFactsProblemKind Kind, string Reason);

/// <summary>The stored document with the facts, or why the org could not be read.</summary>
public sealed record OrgFactsDetectionResult(StoredConnectionDocument? Stored, OrgFactsProblem? Problem);
