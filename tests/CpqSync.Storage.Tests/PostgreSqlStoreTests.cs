using CpqSync.Storage.PostgreSql;

namespace CpqSync.Storage.Tests;

/// <summary>The store contract on PostgreSQL: a fresh database per test in one throwaway cluster.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlStoreTests(PostgresCluster cluster) : StoreContract
{
    private readonly string _key = NewKey();

    protected override bool ExpectsConcurrentLeasing => true;

    protected override async Task<StorageOptions> CreateDatabaseAsync() =>
        new() { Provider = "postgres", ConnectionString = await cluster.CreateDatabaseAsync(), EncryptionKey = _key };

    protected override StorageBackend OpenBackend(StorageOptions options) => PostgreSqlStorage.Open(options, Time);
}
