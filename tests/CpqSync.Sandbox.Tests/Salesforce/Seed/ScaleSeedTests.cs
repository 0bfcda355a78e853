using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Salesforce.Seed;

public class ScaleSeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 17, 8, 0, 0, TimeSpan.Zero);

    private static SalesforceOrg Scale(int orders) =>
        SalesforceOrg.Create(new SalesforceOrgOptions { Seed = $"scale:{orders}" }, new FakeTimeProvider(Now));

    [Fact]
    public void Seeds_n_orders_with_one_to_five_lines_each()
    {
        var org = Scale(200);
        var orders = org.Records("Order", false).ToList();

        Assert.Equal(200, orders.Count);
        Assert.All(orders, o => Assert.InRange(org.Children("OrderItem", "OrderId", o.Id, false).Count(), 1, 5));
        Assert.Equal(40, org.Records("Account", false).Count());
        Assert.Contains(orders, o => (string?)o["Status"] == "Activated");
        Assert.Contains(orders, o => (string?)o["Status"] == "Draft");
        Assert.All(orders, o => Assert.Equal(
            org.Children("OrderItem", "OrderId", o.Id, false).Sum(l => (decimal)l["TotalPrice"]!), o["TotalAmount"]));
    }

    [Fact]
    public void The_same_records_come_out_on_every_run()
    {
        var first = Scale(300);
        var second = Scale(300);

        Assert.Equal(
            first.Records("OrderItem", false).Select(l => (l.Id, l["Quantity"], l["UnitPrice"], l["PricebookEntryId"])),
            second.Records("OrderItem", false).Select(l => (l.Id, l["Quantity"], l["UnitPrice"], l["PricebookEntryId"])));
    }

    [Fact]
    public void Ten_thousand_orders_seed()
    {
        var org = Scale(10_000);

        Assert.Equal(10_000, org.Records("Order", false).Count());
    }
}
