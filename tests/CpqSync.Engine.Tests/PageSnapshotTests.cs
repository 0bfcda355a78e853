using CpqSync.Core.Records;
using CpqSync.Engine.Backfill;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>
/// A backfill reads a page of orders' snapshots together (IN lists, a few calls per page): each order's snapshot cut
/// from the page holds exactly what its own read holds, so a backfilled order plans as a live one does.
/// </summary>
public sealed class PageSnapshotTests
{
    [Theory]
    [InlineData(1_000)]
    [InlineData(3)]
    public async Task Every_demo_order_cut_from_its_page_equals_its_own_read(int pageSize)
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var configuration = DemoOrg.Configuration;
        var fromPage = new Dictionary<string, RecordSet>();
        foreach (var page in orders.Values.Chunk(pageSize))
        {
            await org.Reader.PrefetchAsync(page, configuration, TestCancellation.Token);
            foreach (var id in page)
            {
                var before = org.Server.ApiUsage;
                var snapshot = await org.Reader.ReadAsync(id, configuration, TestCancellation.Token);
                // Orders with a contract history read their own snapshot at their turn (the earlier orders' write-backs).
                var ownRead = snapshot.Records.OfType("Order").Count > 1;
                Assert.Equal(ownRead, org.Server.ApiUsage > before);
                fromPage[id] = snapshot.Records;
            }
        }

        foreach (var (name, id) in orders)
        {
            // Read once more: the page answers each order once, so this is the order's own read.
            var own = await org.Reader.ReadAsync(id, configuration, TestCancellation.Token);
            Assert.True(own.SalesforceCalls > 0, name);
            Assert.True(Text(own.Records) == Text(fromPage[id]), $"{name}:\n{Text(own.Records)}\n--- from page:\n{Text(fromPage[id])}");
        }
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(4)]
    public async Task Every_demo_order_cut_from_a_backfill_page_read_by_its_range_equals_its_own_read(int pageSize)
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var configuration = DemoOrg.Configuration;
        var conditions = await OrderSyncConditions.CreateAsync(new SyncPreferences(), org.Client, TestCancellation.Token);
        var fromPage = new Dictionary<string, RecordSet>();
        (DateTimeOffset, string)? after = null;
        var pages = 0;
        while (true)
        {
            var before = org.Server.ApiUsage;
            var page = await org.Reader.ReadPageAsync(
                BackfillRunner.PageQuery(conditions, after, pageSize, count: pages == 0), configuration, TestCancellation.Token);
            if (page.Orders.Count == 0)
            {
                break;
            }

            Assert.Null(page.PrefetchFailure);
            Assert.Equal(page.SalesforceCalls, org.Server.ApiUsage - before);
            Assert.Equal(pages == 0 ? orders.Count : null, page.Total);
            pages++;
            foreach (var order in page.Orders)
            {
                var snapshot = await org.Reader.ReadAsync(order.Id, configuration, TestCancellation.Token);
                fromPage[order.Id] = snapshot.Records;
            }

            after = (page.Orders[^1].ActivatedDate, page.Orders[^1].Id);
        }

        Assert.Equal(orders.Values.Order(StringComparer.Ordinal), fromPage.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((orders.Count + pageSize - 1) / pageSize, pages);
        foreach (var (name, id) in orders)
        {
            // Read once more: the page answers each order once, so this is the order's own read.
            var own = await org.Reader.ReadAsync(id, configuration, TestCancellation.Token);
            Assert.True(Text(own.Records) == Text(fromPage[id]), $"{name}:\n{Text(own.Records)}\n--- from page:\n{Text(fromPage[id])}");
        }
    }

    [Fact]
    public async Task A_page_costs_the_same_calls_for_three_orders_as_for_all_of_them()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = (await org.ActivatedOrdersAsync()).Values.ToList();
        await org.Reader.PrefetchAsync([orders[0]], DemoOrg.Configuration, TestCancellation.Token); // describes the org once

        var before = org.Server.ApiUsage;
        var few = await org.Reader.PrefetchAsync([.. orders.Take(3)], DemoOrg.Configuration, TestCancellation.Token);
        var afterFew = org.Server.ApiUsage;
        var all = await org.Reader.PrefetchAsync(orders, DemoOrg.Configuration, TestCancellation.Token);

        Assert.Equal(few, afterFew - before);
        Assert.Equal(all, org.Server.ApiUsage - afterFew);
        Assert.InRange(all, 1, 5);
    }

    private static string Text(RecordSet records) => string.Join('\n', records.All
        .OrderBy(static r => r.Id, StringComparer.Ordinal)
        .Select(static r => r.Type + " " + string.Join(";", r.Fields.OrderBy(static f => f.Key, StringComparer.OrdinalIgnoreCase).Select(static f => $"{f.Key}={f.Value}"))));
}
