using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class ConcurrencyTests
{
    [Fact]
    public async Task Parallel_writers_and_readers_see_every_record_once_with_distinct_ids()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));

        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => Line(org, order, entry, quantity: 1, price: 1m)).ToList()));
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.All(org.Children("OrderItem", "OrderId", order, includeDeleted: false), l => Assert.Equal(1m, l["Quantity"]));
            }
        });
        var ids = (await Task.WhenAll(writers)).SelectMany(x => x).ToList();
        await reader;

        Assert.Equal(400, ids.Distinct().Count());
        Assert.Equal(400m, org.Find(order)!["TotalAmount"]);
    }
}
