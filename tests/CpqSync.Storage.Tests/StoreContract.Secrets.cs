namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    private static readonly ConnectionSecrets Credentials = new(new Dictionary<string, string>
    {
        ["Salesforce:ClientSecret"] = "sf-client-secret-8a7b6c",
        ["Stripe:ApiKey"] = "sk_test_51Hsecretvalue",
    });

    [Fact]
    public async Task Credentials_round_trip_encrypted_and_never_show_in_text()
    {
        var connection = await CreateConnectionAsync();

        await Store.SetSecretsAsync(connection.Id, Credentials, CancellationToken.None);
        var read = await Store.GetSecretsAsync(connection.Id, CancellationToken.None);

        Assert.Equal("sk_test_51Hsecretvalue", read["Stripe:ApiKey"]);
        Assert.Equal("sf-client-secret-8a7b6c", read["Salesforce:ClientSecret"]);
        Assert.True((await Store.GetConnectionAsync(connection.Id, CancellationToken.None))!.HasSecrets);
        Assert.Equal("ConnectionSecrets { Salesforce:ClientSecret = ***, Stripe:ApiKey = *** }", read.ToString());
        if (Options.EncryptionKey is { } key)
        {
            Assert.DoesNotContain(key, Options.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_connection_without_credentials_reads_as_empty()
    {
        var connection = await CreateConnectionAsync();

        Assert.Empty(await Store.GetSecretsAsync(connection.Id, CancellationToken.None));
        Assert.False(connection.HasSecrets);
        await Assert.ThrowsAsync<ConnectionNotFoundException>(() => Store.GetSecretsAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Credentials_read_with_another_key_fail_with_a_clear_error_that_names_no_key()
    {
        var connection = await CreateConnectionAsync();
        await Store.SetSecretsAsync(connection.Id, Credentials, CancellationToken.None);
        var otherKey = NewKey();
        var withOtherKey = Open(CopyOptions(Options, encryptionKey: otherKey));

        var error = await Assert.ThrowsAsync<StorageKeyMismatchException>(
            () => withOtherKey.Store.GetSecretsAsync(connection.Id, CancellationToken.None));

        Assert.Contains("different key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:EncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(otherKey, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_started_with_another_key_is_refused_at_start_up()
    {
        var otherKey = NewKey();

        var error = await Assert.ThrowsAsync<StorageKeyMismatchException>(
            () => Open(CopyOptions(Options, encryptionKey: otherKey)).Migrator.MigrateAsync(CancellationToken.None));

        Assert.StartsWith("This database's credentials are encrypted with a different key than the configured Storage:EncryptionKey.", error.Message);
        Assert.DoesNotContain(otherKey, error.Message, StringComparison.Ordinal);
        Assert.Empty(await Open(Options).Migrator.MigrateAsync(CancellationToken.None));
    }

    protected static StorageOptions CopyOptions(StorageOptions options, string? encryptionKey) => new()
    {
        Provider = options.Provider,
        ConnectionString = options.ConnectionString,
        EncryptionKey = encryptionKey,
        EncryptionKeyFile = options.EncryptionKeyFile,
        BusyTimeout = options.BusyTimeout,
    };
}
