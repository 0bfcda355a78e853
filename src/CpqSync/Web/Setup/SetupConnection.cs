using CpqSync.Engine.Connections;
using CpqSync.Hosting;
using CpqSync.Storage;

namespace CpqSync.Web.Setup;

/// <summary>
/// The connection the wizard configures, the one <c>serve</c> runs (<see cref="ConnectionBootstrap.ConnectionName"/>):
/// reads and saves its document with optimistic versions, and adds credentials to its encrypted secrets, which the
/// running host takes at once (<see cref="StoredCredentialsLayer"/>): no restart.
/// </summary>
public sealed class SetupConnection(ISyncStore store, IConfiguration configuration, StoredCredentialsLayer? credentials = null)
{
    private readonly ConnectionDocumentStore _documents = new(store);

    public async Task<StoredConnectionDocument> LoadAsync(CancellationToken cancellationToken)
    {
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        return await _documents.LoadAsync(connection.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Connection '{connection.Name}' was deleted.");
    }

    /// <summary>Saves what one step changed on top of the document the page showed.</summary>
    /// <returns>The saved document, or <see langword="null"/> when someone saved in between (reload, then retry).</returns>
    public Task<StoredConnectionDocument?> SaveAsync(
        Guid connectionId, long expectedVersion, ConnectionDocument document, CancellationToken cancellationToken) =>
        _documents.SaveAsync(connectionId, document, expectedVersion, cancellationToken);

    /// <summary>Stored credentials by name; values never leave the server.</summary>
    public async Task<ConnectionSecrets> GetSecretsAsync(CancellationToken cancellationToken)
    {
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        return await store.GetSecretsAsync(connection.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the named credentials (an empty value removes one) and keeps the others; the host's clients use them
    /// from their next call.
    /// </summary>
    public async Task SetSecretsAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var connection = await GetOrCreateAsync(cancellationToken).ConfigureAwait(false);
        var secrets = await StoredCredentials.ChangeAsync(
            store, connection.Id, values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        credentials?.Apply(secrets);
    }

    /// <summary>The host's bootstrap creates the connection at start-up; this covers a store emptied since.</summary>
    private Task<SyncConnection> GetOrCreateAsync(CancellationToken cancellationToken) =>
        store.FindOrCreateConnectionAsync(
            ConnectionBootstrap.ConnectionName(configuration), ConnectionDocumentJson.Save(ConnectionDocument.Default), cancellationToken);
}
