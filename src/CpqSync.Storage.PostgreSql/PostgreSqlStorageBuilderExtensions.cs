namespace CpqSync.Storage.PostgreSql;

public static class PostgreSqlStorageBuilderExtensions
{
    /// <summary>Makes <c>Storage:Provider = postgres</c> available.</summary>
    public static CpqSyncStorageBuilder AddPostgreSql(this CpqSyncStorageBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddBackend(StorageOptions.Postgres, options => new PostgreSqlDialect(options));
    }
}

/// <summary>Opens a PostgreSQL store without dependency injection (tools, tests).</summary>
public static class PostgreSqlStorage
{
    /// <summary>Opens the store; run its <see cref="StorageBackend.Migrator"/> before use. Dispose it to close the pool.</summary>
    public static StorageBackend Open(StorageOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StorageBackend(new PostgreSqlDialect(options), options, time);
    }
}
