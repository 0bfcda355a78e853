using System.Data.Common;
using System.Text;

namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    private const string ConnectionColumns =
        "id, name, salesforce_org_id, stripe_account_id, configuration, secrets IS NOT NULL, version, created_at, updated_at";

    public async Task<SyncConnection> CreateConnectionAsync(NewSyncConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        EnsureJson(connection.ConfigurationJson);
        var id = Guid.NewGuid();
        try
        {
            return await WriteAsync(
                async (db, tx) => (await db.QueryAsync(
                    tx,
                    $"""
                    INSERT INTO connections (id, name, salesforce_org_id, stripe_account_id, configuration, version, created_at, updated_at)
                    VALUES (@id, @name, @org, @account, @configuration, 1, @now, @now)
                    RETURNING {ConnectionColumns}
                    """,
                    ReadConnection,
                    cancellationToken,
                    ("id", Id(id)), ("name", connection.Name), ("org", connection.SalesforceOrgId),
                    ("account", connection.StripeAccountId), ("configuration", connection.ConfigurationJson), ("now", NowMs)).ConfigureAwait(false))[0],
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.IsUniqueViolation(ex))
        {
            throw new DuplicateConnectionException(connection.Name, ex);
        }
    }

    public Task<SyncConnection?> GetConnectionAsync(Guid connectionId, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null, $"SELECT {ConnectionColumns} FROM connections WHERE id = @id", ReadConnection, cancellationToken,
                ("id", Id(connectionId))).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<SyncConnection>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SyncConnection>>(
            async db => await db.QueryAsync(
                null, $"SELECT {ConnectionColumns} FROM connections ORDER BY name", ReadConnection, cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public Task<SyncConnection?> UpdateConfigurationAsync(
        Guid connectionId, string configurationJson, long expectedVersion, CancellationToken cancellationToken)
    {
        EnsureJson(configurationJson);
        return WriteAsync(
            async (db, tx) => (await db.QueryAsync(
                tx,
                $"""
                UPDATE connections SET configuration = @configuration, version = version + 1, updated_at = @now
                WHERE id = @id AND version = @version
                RETURNING {ConnectionColumns}
                """,
                ReadConnection,
                cancellationToken,
                ("configuration", configurationJson), ("now", NowMs), ("id", Id(connectionId)), ("version", expectedVersion)).ConfigureAwait(false))
                .FirstOrDefault(),
            cancellationToken);
    }

    public Task<bool> DeleteConnectionAsync(Guid connectionId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx, "DELETE FROM connections WHERE id = @id", cancellationToken, ("id", Id(connectionId))).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task SetSecretsAsync(Guid connectionId, ConnectionSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var encrypted = _protector.Protect(secrets.ToUtf8Json(), AssociatedData(connectionId));
        return WriteAsync(
            async (db, tx) =>
            {
                var updated = await db.ExecuteAsync(
                    tx, "UPDATE connections SET secrets = @secrets, version = version + 1, updated_at = @now WHERE id = @id",
                    cancellationToken, ("secrets", encrypted), ("now", NowMs), ("id", Id(connectionId))).ConfigureAwait(false);
                return updated == 1 ? true : throw new ConnectionNotFoundException(connectionId);
            },
            cancellationToken);
    }

    public async Task<ConnectionSecrets> GetSecretsAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(
            db => db.QueryAsync(
                null, "SELECT secrets FROM connections WHERE id = @id",
                r => r.IsDBNull(0) ? null : (byte[])r.GetValue(0), cancellationToken, ("id", Id(connectionId))),
            cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw new ConnectionNotFoundException(connectionId);
        }

        return rows[0] is { } encrypted
            ? ConnectionSecrets.FromUtf8Json(_protector.Unprotect(encrypted, AssociatedData(connectionId), $"credentials of connection {connectionId}"))
            : ConnectionSecrets.Empty;
    }

    private static void EnsureJson(string configurationJson)
    {
        ArgumentNullException.ThrowIfNull(configurationJson);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(configurationJson);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ArgumentException($"The connection's configuration is not valid JSON: {ex.Message}", nameof(configurationJson), ex);
        }
    }

    private static byte[] AssociatedData(Guid connectionId) => Encoding.UTF8.GetBytes("connection:" + Id(connectionId));

    private static SyncConnection ReadConnection(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)),
        r.GetString(1),
        r.NullableString(2),
        r.NullableString(3),
        r.GetString(4),
        Convert.ToBoolean(r.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
        r.Int64(6),
        r.Time(7),
        r.Time(8));
}
