using System.ComponentModel.DataAnnotations;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Storage.Tests;

public sealed class StorageOptionsTests
{
    private static List<string> Errors(StorageOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public void The_defaults_are_a_valid_local_SQLite_store()
    {
        var options = new StorageOptions();

        Assert.Empty(Errors(options));
        Assert.Equal("sqlite", options.Provider);
        Assert.Equal("Storage", StorageOptions.SectionName);
    }

    [Fact]
    public void PostgreSQL_needs_a_connection_string_and_a_shared_key()
    {
        var errors = Errors(new StorageOptions { Provider = "postgres" });

        Assert.Contains("The postgres provider needs a ConnectionString.", errors);
        Assert.Contains(errors, e => e.StartsWith("The postgres provider needs EncryptionKey or EncryptionKeyFile", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_key_or_unknown_provider_is_reported_without_echoing_the_key()
    {
        var errors = Errors(new StorageOptions { Provider = "mysql", EncryptionKey = "not-base64-secret" });

        Assert.Contains("Provider must be 'sqlite' or 'postgres'.", errors);
        Assert.Contains(errors, e => e.StartsWith("EncryptionKey must be 32 bytes in base64", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("not-base64-secret", StringComparison.Ordinal));
        Assert.DoesNotContain("not-base64-secret", new StorageOptions { EncryptionKey = "not-base64-secret" }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_gets_a_migrated_store_from_configuration()
    {
        var directory = Directory.CreateTempSubdirectory("cpqsync-di-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "state.db")}",
            }).Build();
            var services = new ServiceCollection();
            services.AddCpqSyncStorage(configuration).AddSqlite().AddPostgreSql();
            await using var provider = services.BuildServiceProvider();

            await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
            var store = provider.GetRequiredService<ISyncStore>();
            await store.CreateConnectionAsync(new NewSyncConnection("Acme", null, null), CancellationToken.None);

            Assert.Single(await store.ListConnectionsAsync(CancellationToken.None));
            Assert.False(store.Capabilities.ConcurrentLeasing);
            Assert.NotNull(provider.GetRequiredService<ISyncMonitor>());
            Assert.True(File.Exists(Path.Combine(directory, "cpqsync.key")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_provider_the_build_does_not_ship_is_named_in_the_error()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = "Host=127.0.0.1",
            ["Storage:EncryptionKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection();
        services.AddCpqSyncStorage(configuration).AddSqlite();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISyncStore>());

        Assert.Equal("Storage:Provider 'postgres' is not available in this build (available: sqlite).", error.Message);
    }

    [Fact]
    public void Invalid_options_fail_when_resolved()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
        }).Build();
        var services = new ServiceCollection();
        services.AddCpqSyncStorage(configuration).AddPostgreSql();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
