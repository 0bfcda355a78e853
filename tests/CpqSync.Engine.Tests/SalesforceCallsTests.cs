using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>Salesforce calls per order are a product figure: a snapshot costs the same whatever the number of lines.</summary>
public sealed class SalesforceCallsTests
{
    [Fact]
    public async Task A_twenty_line_order_costs_as_many_calls_as_a_one_line_order()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var template = orders["Stark: platform (valid initial order)"];
        var oneLine = await OrderBuilder.CopyAsync(org.Client, template, 1, "One line");
        var twentyLines = await OrderBuilder.CopyAsync(org.Client, template, 20, "Twenty lines");
        await org.Reader.ReadAsync(template, DemoOrg.Configuration, TestCancellation.Token); // describes the org once

        var (small, smallCalls) = await ReadCountingAsync(org, oneLine);
        var (large, largeCalls) = await ReadCountingAsync(org, twentyLines);

        Assert.Single(small.Records.Children("OrderItem", "OrderId", oneLine));
        Assert.Equal(20, large.Records.Children("OrderItem", "OrderId", twentyLines).Count());
        Assert.Equal(smallCalls, largeCalls);
        Assert.Equal(smallCalls, large.SalesforceCalls);
        Assert.InRange(largeCalls, 1, 4);
    }

    [Fact]
    public async Task Usage_lines_with_their_own_rate_schedules_do_not_add_calls()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var template = orders["Acme: platform, onboarding and API usage"];
        var oneLine = await OrderBuilder.CopyAsync(org.Client, template, 1, "One usage line", usage: true);
        var twentyLines = await OrderBuilder.CopyAsync(org.Client, template, 20, "Twenty usage lines", usage: true);
        await org.Reader.ReadAsync(template, DemoOrg.Configuration, TestCancellation.Token);

        var (small, smallCalls) = await ReadCountingAsync(org, oneLine);
        var (large, largeCalls) = await ReadCountingAsync(org, twentyLines);

        Assert.Single(small.Records.OfType("SBQQ__OrderItemConsumptionSchedule__c"));
        Assert.Equal(20, large.Records.OfType("SBQQ__OrderItemConsumptionSchedule__c").Count);
        Assert.Equal(20 * small.Records.OfType("SBQQ__OrderItemConsumptionRate__c").Count, large.Records.OfType("SBQQ__OrderItemConsumptionRate__c").Count);
        Assert.Equal(smallCalls, largeCalls);
    }

    [Fact]
    public async Task An_order_with_more_lines_than_a_query_page_is_read_whole()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var orderId = await OrderBuilder.CopyAsync(org.Client, orders["Stark: platform (valid initial order)"], 2_050, "Many lines");

        var snapshot = await org.Reader.ReadAsync(orderId, DemoOrg.Configuration, TestCancellation.Token);

        Assert.Equal(2_050, snapshot.Records.Children("OrderItem", "OrderId", orderId).Count());
    }

    [Fact]
    public async Task The_first_snapshot_describes_the_org_once_and_later_ones_reuse_it()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var id = orders["Umbrella: premium support"];
        // Detecting the org's facts describes these objects too: start from a client that has described nothing.
        org.Client.ClearDescribeCache();

        var first = await org.Reader.ReadAsync(id, DemoOrg.Configuration, TestCancellation.Token);
        var second = await org.Reader.ReadAsync(id, DemoOrg.Configuration, TestCancellation.Token);

        // The first read also describes the org, and learns in its coupon round that the org holds no coupon record;
        // the second reuses both (no describe, no coupon round).
        Assert.Equal(second.SalesforceCalls + 2, first.SalesforceCalls);
    }

    /// <summary>The org's own API usage counter, before and after: what Salesforce bills, not what the engine believes.</summary>
    private static async Task<(Snapshots.OrderSnapshot Snapshot, long Calls)> ReadCountingAsync(DemoOrg org, string orderId)
    {
        var before = org.Server.ApiUsage;
        var snapshot = await org.Reader.ReadAsync(orderId, DemoOrg.Configuration, TestCancellation.Token);
        return (snapshot, org.Server.ApiUsage - before);
    }
}
