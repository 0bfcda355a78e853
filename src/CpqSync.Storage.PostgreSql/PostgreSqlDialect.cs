using System.Data.Common;
using CpqSync.Storage.Sql;
using Npgsql;

namespace CpqSync.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: one pooled data source shared by the process; workers lease concurrently with
/// <c>FOR UPDATE SKIP LOCKED</c>; start-ups serialise their migrations with an advisory lock.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    // Any constant works as long as nothing else in the database uses it: "CPQSYNC" in ASCII.
    private const long MigrationLockKey = 0x43505153594E43;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlDialect(StorageOptions options)
    {
        _dataSource = NpgsqlDataSource.Create(
            options.ConnectionString ?? throw new InvalidOperationException("The postgres provider needs Storage:ConnectionString."));
    }

    public override StoreCapabilities Capabilities { get; } = new(ConcurrentLeasing: true, MultipleProcesses: true);

    public override string? DefaultKeyDirectory => null;

    public override IReadOnlyList<Migration> Migrations { get; } =
        StoreMigrations.For(new ColumnTypes(
            Binary: "BYTEA",
            IdentityKey: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            BeforeFirstSpace: c => $"split_part({c}, ' ', 1)",
            AfterFirstSpace: c => $"NULLIF(split_part({c}, ' ', 2), '')"));

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Session-level, so it spans every migration's own transaction; released explicitly, or when the session ends.
        await connection.ExecuteAsync(null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", MigrationLockKey)).ConfigureAwait(false);
        return new AdvisoryLock(connection);
    }

    // MATERIALIZED so the locking subquery runs exactly once: the planner may otherwise re-run it and lease more than asked.
    public override string LeaseSql(string dueItemsSql, string setLeased) =>
        $"""
        WITH picked AS MATERIALIZED ({dueItemsSql} FOR UPDATE OF w SKIP LOCKED)
        UPDATE work_items SET {setLeased} FROM picked WHERE work_items.id = picked.id
        RETURNING {string.Join(", ", SqlSyncStore.WorkItemColumns.Split(", ").Select(c => "work_items." + c))}
        """;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync(null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", MigrationLockKey))
                .ConfigureAwait(false);
    }
}
