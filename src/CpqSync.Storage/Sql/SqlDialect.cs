using System.Data.Common;

namespace CpqSync.Storage.Sql;

/// <summary>What differs between SQLite and PostgreSQL; the SQL both accept lives in <see cref="SqlSyncStore"/>.</summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    public abstract StoreCapabilities Capabilities { get; }

    /// <summary>Where a generated key file goes when none is configured; <see langword="null"/> when there is no such place.</summary>
    public abstract string? DefaultKeyDirectory { get; }

    public abstract IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Opens a connection, ready to use (SQLite sets its pragmas here).</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Keeps other processes from migrating at the same time until disposed; runs before <c>schema_version</c> exists.
    /// </summary>
    public abstract Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// The lease statement. It picks due items (<see cref="SqlSyncStore.DueItemsSql"/>) and marks them leased, returning
    /// <see cref="SqlSyncStore.WorkItemColumns"/>.
    /// </summary>
    public abstract string LeaseSql(string dueItemsSql, string setLeased);

    public abstract bool IsUniqueViolation(DbException exception);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One schema change, applied once, in a transaction.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
