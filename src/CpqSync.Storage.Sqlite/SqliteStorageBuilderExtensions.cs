namespace CpqSync.Storage.Sqlite;

public static class SqliteStorageBuilderExtensions
{
    /// <summary>Makes <c>Storage:Provider = sqlite</c> available (the default provider).</summary>
    public static CpqSyncStorageBuilder AddSqlite(this CpqSyncStorageBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddBackend(StorageOptions.Sqlite, options => new SqliteDialect(options));
    }
}

/// <summary>Opens a SQLite store without dependency injection (tools, tests).</summary>
public static class SqliteStorage
{
    /// <summary>Opens the store; run its <see cref="StorageBackend.Migrator"/> before use.</summary>
    public static StorageBackend Open(StorageOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StorageBackend(new SqliteDialect(options), options, time);
    }
}
