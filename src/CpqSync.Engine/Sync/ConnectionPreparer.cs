using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Stage 0 of the sync pipeline (docs/architecture.md): makes a connection as stored into the connection the engine
/// syncs with, once per worker pass, backfill, manual sync or preview, and passes it down. The host only hands over
/// the stored document (and where its error reference is served); everything the org and the Stripe key imply is
/// decided here:
/// <list type="bullet">
/// <item>Stripe test mode, from the Stripe key (<c>sk_test_</c>, <c>rk_test_</c>): Dashboard links go to <c>/test/</c>
/// and, unless the settings say otherwise, each new customer gets its own test clock (docs/behaviour.md §2);</item>
/// <item>the org's facts, read once for a connection never detected (<see cref="OrgFactsDetection.EnsureDetectedAsync"/>);</item>
/// <item>filter values typed against the org's describe (<see cref="FilterValueTyping"/>): a date field's
/// <c>"2025-01-01"</c> becomes a date;</item>
/// <item>the org's instance URL, from the session, when the settings name none (record links in Stripe metadata).</item>
/// </list>
/// </summary>
/// <remarks>
/// A prepared connection (<see cref="EngineConnection.IsPrepared"/>) passes through <see cref="PrepareAsync"/> untouched,
/// so each stage below a pass may ask for preparation without costing a call. Typing costs one describe per filtered
/// object, shared with the snapshot reader through the client's describe cache; the instance URL comes from the
/// session the client holds anyway.
/// </remarks>
public sealed class ConnectionPreparer(
    SalesforceClient salesforce,
    IOptions<StripeOptions> stripe,
    OrgFactsReader facts,
    ISyncStore? store = null,
    ILoggerFactory? loggers = null)
{
    /// <summary>Whether the Stripe key in force is a test-mode key (<c>sk_test_</c>, <c>rk_test_</c>).</summary>
    public bool StripeTestMode => StripeOptions.IsTestKey(stripe.Value.ApiKey);

    /// <summary>
    /// The stored document as the engine runs it, without calling the org: test mode follows the Stripe key, filter
    /// values are as the document holds them. What pages showing the connection need (Dashboard links); to sync, take
    /// <see cref="LoadAsync"/> or <see cref="PrepareAsync"/>.
    /// </summary>
    /// <param name="documentationLink">Where Sync Records link for an error's fix; the default address when <see langword="null"/>.</param>
    public EngineConnection Build(StoredConnectionDocument stored, string? documentationLink = null)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.Document.ToEngineConnection(stored.Id, StripeTestMode, documentationLink);
    }

    /// <summary>
    /// The connection as the engine runs it now, reloaded from the store and prepared: what a worker pass, a backfill or a
    /// manual sync runs with. A connection whose org was never detected is detected first (two calls), so its
    /// settings hold what the org implies (multi-currency, default currency, time zone); when the org can't be read, it
    /// runs with its stored settings. When the session can't be had now, the connection comes back without its instance
    /// URL (not <see cref="EngineConnection.IsPrepared"/>), and each sync prepares it again and reports the failure as its
    /// own outcome.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was deleted.</exception>
    /// <exception cref="SalesforceApiException">Salesforce refused the describe a filter needs.</exception>
    public async Task<EngineConnection> LoadAsync(Guid connectionId, string? documentationLink, CancellationToken cancellationToken)
    {
        var syncStore = store ?? throw new InvalidOperationException("Loading a connection needs the store (AddCpqSyncStorage).");
        var detection = new OrgFactsDetection(facts, syncStore, (ILogger<OrgFactsDetection>?)loggers?.CreateLogger<OrgFactsDetection>()
            ?? NullLogger<OrgFactsDetection>.Instance);
        await detection.EnsureDetectedAsync(connectionId, cancellationToken).ConfigureAwait(false);
        var stored = await new ConnectionDocumentStore(syncStore).LoadAsync(connectionId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Connection {connectionId} no longer exists in the store.");
        var built = Build(stored, documentationLink) with { DocumentVersion = stored.Version };
        await DescribeTogetherAsync(built, cancellationToken).ConfigureAwait(false);
        // Typing fails loudly (a command stops with Salesforce's reason); the session below may wait for the syncs.
        built = built with { Preferences = await TypeFiltersAsync(built.Preferences, cancellationToken).ConfigureAwait(false) };
        return await PreparePassAsync(built, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prepares the connection, or returns it as it is when Salesforce can't be reached now (each sync then reports it).</summary>
    public async Task<EngineConnection> PreparePassAsync(EngineConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            return await PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception unreachable) when (unreachable is SalesforceApiException or SalesforceOAuthException && !cancellationToken.IsCancellationRequested)
        {
            return connection;
        }
    }

    /// <summary>
    /// Types the connection's filter values against the org and fills in its instance URL; a prepared connection comes
    /// back as it is.
    /// </summary>
    /// <exception cref="SalesforceApiException">Salesforce refused a describe or could not be reached.</exception>
    /// <exception cref="SalesforceOAuthException">No session could be had.</exception>
    public async Task<EngineConnection> PrepareAsync(EngineConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.IsPrepared)
        {
            return connection;
        }

        await DescribeTogetherAsync(connection, cancellationToken).ConfigureAwait(false);
        var preferences = await TypeFiltersAsync(connection.Preferences, cancellationToken).ConfigureAwait(false);
        var configuration = await WithInstanceUrlAsync(connection.Configuration, cancellationToken).ConfigureAwait(false);
        return connection with { Preferences = preferences, Configuration = configuration, IsPrepared = true };
    }

    /// <summary>
    /// A configuration synced or previewed without a stored connection, prepared as a stored connection is: Stripe test
    /// mode from the Stripe key (as <see cref="Build"/> sets it), so a preview plans the test clocks and <c>/test/</c>
    /// Dashboard links a sync would, and the org's instance URL filled in from the session when the settings name none.
    /// </summary>
    /// <exception cref="SalesforceOAuthException">No session could be had.</exception>
    public Task<SyncConfiguration> PrepareAsync(SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return WithInstanceUrlAsync(
            configuration with { Settings = configuration.Settings with { StripeTestMode = StripeTestMode } }, cancellationToken);
    }

    /// <summary>
    /// The org's instance URL filled in from the session when the settings name none (record links in Stripe metadata
    /// are <c>{instance URL}/{Id}</c>).
    /// </summary>
    private async Task<SyncConfiguration> WithInstanceUrlAsync(SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        if (configuration.Settings.InstanceUrl.Length > 0)
        {
            return configuration;
        }

        var session = await salesforce.Authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        return configuration with
        {
            Settings = configuration.Settings with { InstanceUrl = session.InstanceUrl.GetLeftPart(UriPartial.Authority) },
        };
    }

    /// <summary>
    /// Describes the filtered objects and every object an order's snapshot reads in one composite call (cached by the
    /// client), instead of one describe for the filters and a composite call for the snapshots later. Best effort: an
    /// object that can't be described is described again, and its failure reported, where it is needed.
    /// </summary>
    private async Task DescribeTogetherAsync(EngineConnection connection, CancellationToken cancellationToken)
    {
        var filtered = connection.Preferences.Filters
            .Select(f => SyncPreferences.FilterableObjects.FirstOrDefault(o => string.Equals(o, f.ObjectName, StringComparison.OrdinalIgnoreCase)))
            .OfType<string>();
        try
        {
            _ = await salesforce.DescribeManyAsync(filtered.Concat(Snapshots.PlannerFields.Objects(connection.Configuration)), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is SalesforceApiException or SalesforceOAuthException && !cancellationToken.IsCancellationRequested)
        {
            // Typing the filters, or the snapshot reader, asks again and reports it.
        }
    }

    private Task<SyncPreferences> TypeFiltersAsync(SyncPreferences preferences, CancellationToken cancellationToken) =>
        FilterValueTyping.TypeAsync(preferences, salesforce, cancellationToken);
}
