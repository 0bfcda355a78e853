using CpqSync.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CpqSync.Storage.Tests;

/// <summary>The store contract on SQLite: a fresh database file (and generated key file) per test.</summary>
public sealed class SqliteStoreTests : StoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cpqsync-sqlite-").FullName;
    private int _databases;

    protected override bool ExpectsConcurrentLeasing => false;

    protected override Task<StorageOptions> CreateDatabaseAsync()
    {
        var folder = Path.Combine(_directory, $"db{Interlocked.Increment(ref _databases)}");
        return Task.FromResult(new StorageOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" });
    }

    protected override StorageBackend OpenBackend(StorageOptions options) => SqliteStorage.Open(options, Time);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Migration_5_moves_the_content_hashes_kept_as_id_map_rows_to_their_own_table()
    {
        var connection = await CreateConnectionAsync();
        var id = connection.Id.ToString("D");
        // The schema as version 4 left it, with the hashes in id map rows of the pseudo Stripe object 'cpqsync_synced_content'.
        await ExecuteAsync(
            "DROP TABLE synced_content",
            "DELETE FROM schema_version WHERE version = 5",
            $"INSERT INTO id_map VALUES ('{id}', 'Order', '801A', 'cpqsync_synced_content', '801A', 'hash1', 1)",
            $"INSERT INTO id_map VALUES ('{id}', 'Order', '801B', 'cpqsync_synced_content', '801B', 'hash2 ORDER_NO_QUOTE', 1)",
            $"INSERT INTO id_map VALUES ('{id}', 'Order', '801C', 'cpqsync_synced_content', '801C', '', 1)",
            $"INSERT INTO id_map VALUES ('{id}', 'Order', '801A', 'subscription_schedule', 'sub_sched_1', NULL, 1)");

        Assert.Equal([5], await Backend.Migrator.MigrateAsync(CancellationToken.None));

        Assert.Equal(new SyncedContentHash("hash1", null), await Store.FindSyncedContentAsync(connection.Id, "Order", "801A", CancellationToken.None));
        Assert.Equal(new SyncedContentHash("hash2", "ORDER_NO_QUOTE"), await Store.FindSyncedContentAsync(connection.Id, "Order", "801B", CancellationToken.None));
        Assert.Null(await Store.FindSyncedContentAsync(connection.Id, "Order", "801C", CancellationToken.None));
        Assert.Null(await Store.FindMappingAsync(connection.Id, "Order", "801A", "cpqsync_synced_content", CancellationToken.None));
        Assert.Equal("sub_sched_1", (await Store.FindMappingAsync(connection.Id, "Order", "801A", "subscription_schedule", CancellationToken.None))?.StripeId);
    }

    private async Task ExecuteAsync(params string[] statements)
    {
        await using var db = new SqliteConnection(Options.ConnectionString);
        await db.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = db.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void Without_a_configured_key_one_is_generated_beside_the_database_readable_by_its_owner_only()
    {
        var keyFile = Path.Combine(_directory, "db1", StorageOptions.DefaultKeyFileName);

        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal(44, File.ReadAllText(keyFile).Trim().Length);
    }

    [Fact]
    public async Task The_database_and_its_WAL_files_are_readable_by_their_owner_only()
    {
        await CreateConnectionAsync();
        var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(Options.ConnectionString).DataSource)!;

        if (!OperatingSystem.IsWindows())
        {
            var files = Directory.GetFiles(folder, "cpqsync.db*");
            Assert.Contains(files, f => f.EndsWith("cpqsync.db-wal", StringComparison.Ordinal));
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task Commands_starting_together_on_a_new_store_all_read_the_one_generated_key()
    {
        var folder = Path.Combine(_directory, "together");
        var options = new StorageOptions { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "cpqsync.db")}" };
        var opened = new List<StorageBackend>();

        for (var round = 0; round < 20; round++)
        {
            Directory.CreateDirectory(folder);
            using var start = new ManualResetEventSlim();
            var starting = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return SqliteStorage.Open(options, Time);
            })).ToList();
            start.Set();
            opened.AddRange(await Task.WhenAll(starting));

            var key = File.ReadAllText(Path.Combine(folder, StorageOptions.DefaultKeyFileName)).Trim();
            Assert.Equal(44, key.Length);
            Assert.Single(Directory.GetFiles(folder));
            foreach (var backend in opened)
            {
                await backend.DisposeAsync();
            }

            opened.Clear();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_CpqSync_is_refused_at_start_up()
    {
        await using (var db = new SqliteConnection(Options.ConnectionString))
        {
            await db.OpenAsync();
            await using var newer = new SqliteCommand("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 0)", db);
            await newer.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open(Options).Migrator.MigrateAsync(CancellationToken.None));

        Assert.Equal(
            "The database schema is at version 99, newer than this version of CpqSync understands (11). Run a newer CpqSync.", error.Message);
    }

    [Fact]
    public async Task Reopening_the_database_reuses_the_generated_key()
    {
        var connection = await CreateConnectionAsync();
        await Store.SetSecretsAsync(connection.Id, new ConnectionSecrets([new("Stripe:ApiKey", "sk_test_reopen")]), CancellationToken.None);

        var reopened = Open(Options);

        Assert.Equal("sk_test_reopen", (await reopened.Store.GetSecretsAsync(connection.Id, CancellationToken.None))["Stripe:ApiKey"]);
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode_and_keeps_credentials_unreadable_on_disk()
    {
        var connection = await CreateConnectionAsync();
        await Store.SetSecretsAsync(connection.Id, new ConnectionSecrets([new("Stripe:ApiKey", "sk_test_plaintext_marker")]), CancellationToken.None);
        var builder = new SqliteConnectionStringBuilder(Options.ConnectionString);

        await using var db = new SqliteConnection(builder.ConnectionString);
        await db.OpenAsync();
        await using var mode = new SqliteCommand("PRAGMA journal_mode", db);
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
        await using var checkpoint = new SqliteCommand("PRAGMA wal_checkpoint(TRUNCATE)", db);
        await checkpoint.ExecuteNonQueryAsync();
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(builder.DataSource);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("sk_test_plaintext_marker"u8));
    }
}
