using System.Data.Common;
using CpqSync.Storage.Security;
using CpqSync.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace CpqSync.Storage.Sqlite;

/// <summary>
/// SQLite: one file in WAL mode (readers never wait for the writer), one writer transaction at a time
/// (<c>BEGIN IMMEDIATE</c>), a busy timeout so writers queue instead of failing.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private bool _walEnabled;

    public SqliteDialect(StorageOptions options)
    {
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString ?? $"Data Source={StorageOptions.DefaultSqliteFile}")
        {
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            throw new InvalidOperationException("The sqlite provider needs a database file (Data Source=path), not an in-memory database.");
        }

        builder.DataSource = Path.GetFullPath(builder.DataSource);
        _connectionString = builder.ToString();
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        DatabasePath = builder.DataSource;
    }

    public string DatabasePath { get; }

    public override StoreCapabilities Capabilities { get; } = new(ConcurrentLeasing: false, MultipleProcesses: false);

    public override string? DefaultKeyDirectory => Path.GetDirectoryName(DatabasePath);

    public override IReadOnlyList<Migration> Migrations { get; } =
        StoreMigrations.For(new ColumnTypes(
            Binary: "BLOB",
            IdentityKey: "INTEGER PRIMARY KEY AUTOINCREMENT",
            BeforeFirstSpace: c => $"CASE WHEN instr({c}, ' ') > 0 THEN substr({c}, 1, instr({c}, ' ') - 1) ELSE {c} END",
            AfterFirstSpace: c => $"CASE WHEN instr({c}, ' ') > 0 THEN substr({c}, instr({c}, ' ') + 1) ELSE NULL END"));

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        PrivateFiles.Ensure(DatabasePath);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The busy timeout and synchronous level are per connection; WAL persists in the file, so once is enough.
            var walOnce = Volatile.Read(ref _walEnabled) ? "" : " PRAGMA journal_mode = WAL;";
            await connection.ExecuteAsync(
                null, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = NORMAL;{walOnce}", cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _walEnabled, true);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Every write transaction is BEGIN IMMEDIATE, so concurrent start-ups already run migrations one at a time.
    public override Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    // No row locks in SQLite: the lease runs inside the single writer transaction, which is the lock.
    public override string LeaseSql(string dueItemsSql, string setLeased) =>
        $"UPDATE work_items SET {setLeased} WHERE id IN ({dueItemsSql}) RETURNING {SqlSyncStore.WorkItemColumns}";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
