using System.Data.Common;
using System.Globalization;
using CpqSync.Storage.Security;

namespace CpqSync.Storage.Sql;

/// <summary>
/// Applies the dialect's migrations in version order, each once and in its own transaction, recording it in
/// <c>schema_version</c> in that same transaction so a crash never leaves a half-applied, unrecorded change.
/// </summary>
internal sealed class SqlMigrator : IStoreMigrator
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    private readonly SqlDialect _dialect;
    private readonly SecretProtector _protector;
    private readonly TimeProvider _time;

    public SqlMigrator(SqlDialect dialect, SecretProtector protector, TimeProvider time)
    {
        _dialect = dialect;
        _protector = protector;
        _time = time;
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // PostgreSQL: an advisory lock, so workers starting together wait for the first one instead of racing.
            var migrationLock = await _dialect.LockForMigrationAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (migrationLock.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(null, CreateVersionTable, cancellationToken).ConfigureAwait(false);
                await RefuseNewerSchemaAsync(connection, cancellationToken).ConfigureAwait(false);
                var applied = new List<int>();
                foreach (var migration in _dialect.Migrations.OrderBy(m => m.Version))
                {
                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        // Checked inside the write transaction: on SQLite that is what serialises concurrent start-ups.
                        var done = await connection.ScalarAsync(
                            transaction, "SELECT COUNT(*) FROM schema_version WHERE version = @version", cancellationToken,
                            ("version", migration.Version)).ConfigureAwait(false);
                        if (Convert.ToInt64(done, CultureInfo.InvariantCulture) > 0)
                        {
                            continue;
                        }

                        await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                        await connection.ExecuteAsync(
                            transaction, "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @now)",
                            cancellationToken, ("version", migration.Version), ("name", migration.Name), ("now", Db.Ms(_time.GetUtcNow())))
                            .ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        applied.Add(migration.Version);
                    }
                }

                await CheckEncryptionKeyAsync(connection, cancellationToken).ConfigureAwait(false);
                return applied;
            }
        }
    }

    // The first start-up records which key encrypts credentials; later ones (every worker) must bring the same key, or
    // they would fail on the first credential they read, or write credentials the others cannot read.
    private async Task CheckEncryptionKeyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(
            null, "INSERT INTO storage_key (id, key_id, recorded_at) VALUES (1, @keyId, @now) ON CONFLICT DO NOTHING", cancellationToken,
            ("keyId", _protector.KeyId), ("now", Db.Ms(_time.GetUtcNow()))).ConfigureAwait(false);
        var recorded = (string?)await connection.ScalarAsync(null, "SELECT key_id FROM storage_key WHERE id = 1", cancellationToken)
            .ConfigureAwait(false);
        if (!string.Equals(recorded, _protector.KeyId, StringComparison.Ordinal))
        {
            throw new StorageKeyMismatchException(
                $"This database's credentials are encrypted with a different key than {_protector.KeySource}. " +
                "Configure the original key (Storage:EncryptionKey or Storage:EncryptionKeyFile) on every worker.");
        }
    }

    // An older CpqSync started on a database a newer one migrated would misread it: stop before touching anything.
    private async Task RefuseNewerSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var current = await connection.ScalarAsync(null, "SELECT MAX(version) FROM schema_version", cancellationToken).ConfigureAwait(false);
        var known = _dialect.Migrations.Max(m => m.Version);
        if (current is not null && Convert.ToInt32(current, CultureInfo.InvariantCulture) is var version && version > known)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {version}, newer than this version of CpqSync understands ({known}). Run a newer CpqSync.");
        }
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(null, CreateVersionTable, cancellationToken).ConfigureAwait(false);
            var version = await connection.ScalarAsync(null, "SELECT MAX(version) FROM schema_version", cancellationToken).ConfigureAwait(false);
            return version is null ? 0 : Convert.ToInt32(version, CultureInfo.InvariantCulture);
        }
    }
}
