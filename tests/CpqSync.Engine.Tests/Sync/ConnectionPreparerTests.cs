using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>
/// Stage 0 of the pipeline: the engine, not the host, makes a stored connection into the one a pass syncs with — org
/// detected, filter values typed, instance URL, Stripe test mode from the key — once, and a prepared connection passes
/// the later stages' preparation untouched.
/// </summary>
public sealed class ConnectionPreparerTests
{
    [Fact]
    public async Task A_stored_connection_is_loaded_prepared_with_test_mode_from_the_key_typed_filters_and_the_instance_url()
    {
        await using var org = await SyncOrg.StartAsync();
        var documents = new ConnectionDocumentStore(org.Store);
        var stored = (await documents.LoadAsync(org.Connection.Id, TestCancellation.Token))!;
        var filters = new SyncPreferences
        {
            Filters = [SyncFilter.Create("Order", "EffectiveDate", FilterOperator.GreaterThanOrEqualTo, "2024-01-01")],
        };
        await documents.SaveAsync(stored.Id, stored.Document with { Preferences = filters }, stored.Version, TestCancellation.Token);
        var preparer = org.Services.GetRequiredService<ConnectionPreparer>();

        var connection = await preparer.LoadAsync(org.Connection.Id, "https://cpqsync.example.com/errors", TestCancellation.Token);

        Assert.True(connection.IsPrepared);
        Assert.Equal([new DateOnly(2024, 1, 1)], connection.Preferences.Filters[0].Values);
        Assert.Equal(org.Salesforce.BaseUrl.GetLeftPart(UriPartial.Authority), connection.Configuration.Settings.InstanceUrl);
        // The sandbox's key is a test-mode key: Dashboard links under /test/, and test clocks unless the settings say otherwise.
        Assert.True(connection.SyncRecords.StripeTestMode);
        Assert.True(connection.Configuration.Settings.StripeTestMode);
        Assert.Equal("https://cpqsync.example.com/errors", connection.SyncRecords.DocumentationLink);
        // Detected on first load: the settings hold what the org implies.
        Assert.NotNull((await documents.LoadAsync(org.Connection.Id, TestCancellation.Token))!.Document.Org);

        // The pass hands it down; each stage asking again gets the same connection back.
        Assert.Same(connection, await preparer.PrepareAsync(connection, TestCancellation.Token));
        Assert.Same(connection, await preparer.PreparePassAsync(connection, TestCancellation.Token));
    }

    [Fact]
    public async Task A_connection_as_stored_is_built_without_calling_the_org_and_prepared_when_a_sync_runs_it()
    {
        await using var org = await SyncOrg.StartAsync();
        var stored = (await new ConnectionDocumentStore(org.Store).LoadAsync(org.Connection.Id, TestCancellation.Token))!;
        var preparer = org.Services.GetRequiredService<ConnectionPreparer>();

        var built = preparer.Build(stored);

        Assert.False(built.IsPrepared);
        Assert.True(built.SyncRecords.StripeTestMode);
        Assert.Equal("", built.Configuration.Settings.InstanceUrl);
        var prepared = await preparer.PrepareAsync(built, TestCancellation.Token);
        Assert.True(prepared.IsPrepared);
        Assert.Equal(org.Salesforce.BaseUrl.GetLeftPart(UriPartial.Authority), prepared.Configuration.Settings.InstanceUrl);
    }
}
