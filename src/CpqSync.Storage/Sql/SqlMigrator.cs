using System.Globalization;

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
    private readonly TimeProvider _time;

    public SqlMigrator(SqlDialect dialect, TimeProvider time)
    {
        _dialect = dialect;
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

                return applied;
            }
        }
    }

    // An older CpqSync started on a database a newer one migrated would misread it: stop before touching anything.
    private async Task RefuseNewerSchemaAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
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
