namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    [Fact]
    public async Task A_record_maps_to_one_Stripe_object_per_type_and_is_found_both_ways()
    {
        var connection = await CreateConnectionAsync();
        var schedule = new IdMapping(connection.Id, "Order", "801000000000001AAA", "subscription_schedule", "sub_sched_1", "hash-1", Time.GetUtcNow());

        var first = await Store.MapAsync(schedule, CancellationToken.None);
        var second = await Store.MapAsync(schedule with { StripeId = "sub_sched_2" }, CancellationToken.None);
        var customer = await Store.MapAsync(
            schedule with { SalesforceObject = "Account", SalesforceId = "001000000000001AAA", StripeObject = "customer", StripeId = "cus_1" },
            CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("sub_sched_1", second.Mapping.StripeId);
        Assert.True(customer.Created);
        var bySalesforce = await Store.FindMappingAsync(connection.Id, "Order", "801000000000001AAA", "subscription_schedule", CancellationToken.None);
        var byStripe = await Store.FindMappingByStripeIdAsync(connection.Id, "customer", "cus_1", CancellationToken.None);
        Assert.Equal(schedule, bySalesforce);
        Assert.Equal("001000000000001AAA", byStripe!.SalesforceId);
    }

    [Fact]
    public async Task A_Stripe_object_already_mapped_to_another_record_is_not_mapped_again()
    {
        var connection = await CreateConnectionAsync();
        var product = new IdMapping(connection.Id, "Product2", "01t000000000001AAA", "product", "prod_1", null, Time.GetUtcNow());
        await Store.MapAsync(product, CancellationToken.None);

        var clash = await Store.MapAsync(product with { SalesforceId = "01t000000000002AAA" }, CancellationToken.None);

        Assert.False(clash.Created);
        Assert.Equal("01t000000000001AAA", clash.Mapping.SalesforceId);
    }

    [Fact]
    public async Task Workers_racing_to_map_one_record_agree_on_a_single_winner()
    {
        var connection = await CreateConnectionAsync();
        var workers = Enumerable.Range(0, 4).Select(_ => Open(Options)).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => workers[i % workers.Count].Store.MapAsync(
            new IdMapping(connection.Id, "Order", "801000000000009AAA", "subscription_schedule", $"sub_sched_{i}", null, Time.GetUtcNow()),
            CancellationToken.None))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Mapping.StripeId).Distinct());
    }

    [Fact]
    public async Task The_synced_content_hash_is_kept_with_the_mapping()
    {
        var connection = await CreateConnectionAsync();
        await Store.MapAsync(
            new IdMapping(connection.Id, "Product2", "01t000000000001AAA", "product", "prod_1", "v1", Time.GetUtcNow()), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await Store.RecordSyncedContentAsync(connection.Id, "Product2", "01t000000000001AAA", "product", "v2", CancellationToken.None));
        Assert.False(await Store.RecordSyncedContentAsync(connection.Id, "Product2", "01t000000000404AAA", "product", "v2", CancellationToken.None));

        var mapping = await Store.FindMappingAsync(connection.Id, "Product2", "01t000000000001AAA", "product", CancellationToken.None);
        Assert.Equal("v2", mapping!.ContentHash);
        Assert.Equal(Time.GetUtcNow(), mapping.SyncedAt);
    }

    [Fact]
    public async Task Synced_content_is_kept_per_record_in_its_own_table_replaced_and_forgotten()
    {
        var connection = await CreateConnectionAsync();
        const string order = "801000000000001AAA";

        Assert.Null(await Store.FindSyncedContentAsync(connection.Id, "Order", order, CancellationToken.None));
        await Store.SaveSyncedContentAsync(connection.Id, "Order", order, new SyncedContentHash("h1", null), CancellationToken.None);
        await Store.SaveSyncedContentAsync(connection.Id, "Order", order, new SyncedContentHash("h2", "ORDER_NO_QUOTE"), CancellationToken.None);

        Assert.Equal(new SyncedContentHash("h2", "ORDER_NO_QUOTE"), await Store.FindSyncedContentAsync(connection.Id, "Order", order, CancellationToken.None));
        Assert.Null(await Store.FindMappingByStripeIdAsync(connection.Id, "cpqsync_synced_content", order, CancellationToken.None));

        await Store.SaveSyncedContentAsync(connection.Id, "Order", order, content: null, CancellationToken.None);
        Assert.Null(await Store.FindSyncedContentAsync(connection.Id, "Order", order, CancellationToken.None));
    }

    [Fact]
    public async Task Change_cursors_keep_the_high_water_mark_and_the_ids_seen_at_it()
    {
        var connection = await CreateConnectionAsync();
        var mark = new DateTimeOffset(2026, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);

        Assert.Null(await Store.GetCursorAsync(connection.Id, "Order", CancellationToken.None));
        await Store.SaveCursorAsync(new ChangeCursor(connection.Id, "Order", mark, ["801A"]), CancellationToken.None);
        await Store.SaveCursorAsync(new ChangeCursor(connection.Id, "Order", mark, ["801A", "801B"]), CancellationToken.None);
        await Store.SaveCursorAsync(new ChangeCursor(connection.Id, "Product2", mark.AddDays(-1), []), CancellationToken.None);

        var order = await Store.GetCursorAsync(connection.Id, "Order", CancellationToken.None);
        Assert.Equal(mark, order!.HighWaterMark);
        Assert.Equal(["801A", "801B"], order.IdsAtHighWaterMark);
        Assert.Empty((await Store.GetCursorAsync(connection.Id, "Product2", CancellationToken.None))!.IdsAtHighWaterMark);
    }
}
