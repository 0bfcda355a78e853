using CpqSync.Storage.Security;
using CpqSync.Storage.Sql;

namespace CpqSync.Storage;

/// <summary>
/// An opened store: the engine's <see cref="Store"/>, the dashboard's <see cref="Monitor"/>, the web app's <see cref="Users"/> and the
/// <see cref="Migrator"/>, over one backend. Dispose it to close the backend's connection pool.
/// </summary>
public sealed class StorageBackend : IAsyncDisposable
{
    private readonly SqlDialect _dialect;

    internal StorageBackend(SqlDialect dialect, StorageOptions options, TimeProvider time)
    {
        _dialect = dialect;
        var protector = EncryptionKeys.Load(options, dialect.DefaultKeyDirectory);
        var store = new SqlSyncStore(dialect, protector, time);
        Store = store;
        Users = store;
        RateBudgets = store;
        Monitor = new SqlSyncMonitor(dialect);
        Migrator = new SqlMigrator(dialect, protector, time);
    }

    public ISyncStore Store { get; }

    public ISyncMonitor Monitor { get; }

    /// <summary>The web app's accounts.</summary>
    public IWebUserStore Users { get; }

    public IStoreMigrator Migrator { get; }

    /// <summary>Token buckets every process on the store shares (the Stripe account's request budget).</summary>
    public IRateBudgets RateBudgets { get; }

    public StoreCapabilities Capabilities => _dialect.Capabilities;

    public ValueTask DisposeAsync() => _dialect.DisposeAsync();
}
