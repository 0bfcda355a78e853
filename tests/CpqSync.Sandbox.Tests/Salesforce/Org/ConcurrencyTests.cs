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

    [Fact]
    public async Task Readers_never_see_half_of_a_transaction_or_a_roll_up_behind_its_lines()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var order = DraftOrder(org, Account(org));

        // Each transaction adds two lines; the order's TotalAmount (a roll-up the org's automation keeps) follows them.
        var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                org.Transaction(_ =>
                {
                    Line(org, order, entry, quantity: 1, price: 1m);
                    Line(org, order, entry, quantity: 1, price: 1m);
                    return 0;
                });
            }
        }));
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var (lines, total) = org.Snapshot(() =>
                    (org.Children("OrderItem", "OrderId", order, includeDeleted: false).Count(), org.Find(order)!["TotalAmount"]));
                Assert.True(lines % 2 == 0, $"a reader saw {lines} lines: half of a transaction");
                Assert.Equal((decimal)lines, total);
            }
        }));
        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(240m, org.Find(order)!["TotalAmount"]);
    }
}
