using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Storage.Tests;

/// <summary>
/// What every backend guarantees the engine and the dashboard. Each test gets a fresh, migrated database.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private readonly List<StorageBackend> _opened = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected StorageOptions Options { get; private set; } = null!;

    protected StorageBackend Backend { get; private set; } = null!;

    protected ISyncStore Store => Backend.Store;

    protected ISyncMonitor Monitor => Backend.Monitor;

    /// <summary>Options for a new, empty database with its own key.</summary>
    protected abstract Task<StorageOptions> CreateDatabaseAsync();

    protected abstract StorageBackend OpenBackend(StorageOptions options);

    protected abstract bool ExpectsConcurrentLeasing { get; }

    public async Task InitializeAsync()
    {
        Options = await CreateDatabaseAsync();
        Backend = Open(Options);
        await Backend.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var backend in _opened)
        {
            await backend.DisposeAsync();
        }
    }

    protected StorageBackend Open(StorageOptions options)
    {
        var backend = OpenBackend(options);
        _opened.Add(backend);
        return backend;
    }

    protected static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected async Task<SyncConnection> CreateConnectionAsync(string name = "Acme production") =>
        await Store.CreateConnectionAsync(new NewSyncConnection(name, "00D000000000001EAA", "acct_1Acme"), CancellationToken.None);

    [Fact]
    public void Capabilities_say_whether_workers_lease_concurrently()
    {
        Assert.Equal(ExpectsConcurrentLeasing, Store.Capabilities.ConcurrentLeasing);
        Assert.Equal(ExpectsConcurrentLeasing, Backend.Capabilities.MultipleProcesses);
    }

    [Fact]
    public async Task Migrations_run_once_and_a_second_start_up_applies_nothing()
    {
        Assert.Equal(11, await Backend.Migrator.GetSchemaVersionAsync(CancellationToken.None));

        var again = await Open(Options).Migrator.MigrateAsync(CancellationToken.None);

        Assert.Empty(again);
        Assert.Equal(11, await Backend.Migrator.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Workers_starting_together_apply_each_migration_exactly_once()
    {
        var fresh = await CreateDatabaseAsync();
        var workers = Enumerable.Range(0, 4).Select(_ => Open(fresh)).ToList();

        var applied = await Task.WhenAll(workers.Select(w => Task.Run(() => w.Migrator.MigrateAsync(CancellationToken.None))));

        Assert.Equal([1, 2, 3, 4, 5, 6, 8, 9, 10, 11], applied.SelectMany(versions => versions).Order());
        Assert.Equal(11, await workers[0].Migrator.GetSchemaVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Connections_keep_their_configuration_and_refuse_a_stale_update()
    {
        var created = await CreateConnectionAsync();
        await Store.CreateConnectionAsync(new NewSyncConnection("Acme staging", null, null), CancellationToken.None);

        var updated = await Store.UpdateConfigurationAsync(created.Id, """{"liveSync":false}""", created.Version, CancellationToken.None);
        var stale = await Store.UpdateConfigurationAsync(created.Id, """{"liveSync":true}""", created.Version, CancellationToken.None);

        Assert.NotNull(updated);
        Assert.Null(stale);
        var reloaded = await Store.GetConnectionAsync(created.Id, CancellationToken.None);
        Assert.Equal("""{"liveSync":false}""", reloaded!.ConfigurationJson);
        Assert.Equal("00D000000000001EAA", reloaded.SalesforceOrgId);
        Assert.Equal(["Acme production", "Acme staging"], (await Store.ListConnectionsAsync(CancellationToken.None)).Select(c => c.Name));
        Assert.Null(await Store.GetConnectionAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Deleting_a_connection_deletes_everything_it_owns()
    {
        var connection = await CreateConnectionAsync();
        var other = await CreateConnectionAsync("Other org");
        foreach (var id in new[] { connection.Id, other.Id })
        {
            await Store.EnqueueAsync(new NewWorkItem(id, "sync", "Order", "801A"), CancellationToken.None);
            await Store.MapAsync(new IdMapping(id, "Account", "001A", "customer", $"cus_{id:N}", null, Time.GetUtcNow()), CancellationToken.None);
            await Store.RecordOutcomeAsync(
                new SyncOutcome(id, "Order", "801A", SyncStatus.Skipped, null, null, [], Time.GetUtcNow(), Time.GetUtcNow()), CancellationToken.None);
        }

        Assert.True(await Store.DeleteConnectionAsync(connection.Id, CancellationToken.None));
        Assert.False(await Store.DeleteConnectionAsync(connection.Id, CancellationToken.None));

        Assert.Equal(1, (await Monitor.GetQueueSummaryAsync(null, CancellationToken.None)).Pending);
        Assert.Null(await Store.FindMappingAsync(connection.Id, "Account", "001A", "customer", CancellationToken.None));
        Assert.NotNull(await Store.FindMappingAsync(other.Id, "Account", "001A", "customer", CancellationToken.None));
        Assert.Equal([other.Id], (await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(), CancellationToken.None)).Select(o => o.ConnectionId));
    }

    [Fact]
    public async Task A_configuration_that_is_not_JSON_is_refused_before_it_is_stored()
    {
        var connection = await CreateConnectionAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.CreateConnectionAsync(new NewSyncConnection("Broken", null, null, "{mappings:"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.UpdateConfigurationAsync(connection.Id, "not json", connection.Version, CancellationToken.None));

        Assert.Equal("{}", (await Store.GetConnectionAsync(connection.Id, CancellationToken.None))!.ConfigurationJson);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_name_is_refused()
    {
        await CreateConnectionAsync();

        var error = await Assert.ThrowsAsync<DuplicateConnectionException>(() => CreateConnectionAsync());

        Assert.Contains("Acme production", error.Message, StringComparison.Ordinal);
    }
}
