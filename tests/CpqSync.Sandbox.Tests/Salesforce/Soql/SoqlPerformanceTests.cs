namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlPerformanceTests : SoqlTestOrg
{
    [Fact]
    public void Id_and_lookup_filters_fetch_records_directly_instead_of_scanning()
    {
        Assert.Equal([Order1.Id], Ids($"SELECT Id FROM Order WHERE Id = '{Order1.Id}' AND Status = 'Activated'"));
        Assert.Equal([Order1.Id, Order2.Id], Ids($"SELECT Id FROM Order WHERE Id IN ('{Order1.Id}', '{Order2.Id}', '{Acme.Id}')"));
        Assert.Equal([Item1.Id, Item2.Id], Ids($"SELECT Id FROM OrderItem WHERE OrderId = '{Order1.Id}'"));
        Assert.Equal([Item1.Id, Item2.Id, Item3.Id],
            Ids($"SELECT Id FROM OrderItem WHERE OrderId IN ('{Order2.Id}', '{Order1.Id[..15]}') AND Quantity > 0"));
        Assert.Equal([Acme.Id], Ids($"SELECT Id FROM Account WHERE Id = '{Acme.Id}' AND Id IN (SELECT AccountId FROM Order WHERE Id = '{Order1.Id}')"));
        Assert.Equal([Order1.Id, Order2.Id], Ids($"SELECT Id, (SELECT Id FROM OrderItems) FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem WHERE Product2Id = '{Widget.Id}')"));

        Assert.Equal(0, Org.FullScans);
    }

    [Fact]
    public void A_poll_over_fifty_thousand_orders_pages_through_the_index()
    {
        for (var i = 0; i < 50_000; i++)
        {
            var order = Org.Add("Order", ("AccountId", Acme.Id), ("OrderNumber", $"B{i:D6}"), ("Status", i % 2 == 0 ? "Activated" : "Draft"),
                ("LastModifiedDate", Now.AddMinutes(-i)));
            if (i % 10 == 0)
            {
                Org.Add("OrderItem", ("OrderId", order.Id), ("Quantity", 1m));
            }
        }

        const string Poll = "SELECT Id, OrderNumber, Account.Name, (SELECT Id, Quantity FROM OrderItems) FROM Order "
            + "WHERE Status = 'Activated' AND LastModifiedDate >= 2026-11-25T00:00:00Z ORDER BY LastModifiedDate LIMIT 200";
        for (var i = 0; i < 5; i++)
        {
            var result = Query(Poll);
            Assert.Equal(200, result.TotalSize);
        }

        Assert.Equal(10, Query("SELECT COUNT() FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem WHERE Quantity = 1) AND OrderNumber LIKE 'B0000%'").TotalSize);
    }

    [Fact]
    public void Engines_over_the_same_schema_share_parsed_queries_yet_see_their_own_clock_and_records()
    {
        const string Soql = "SELECT Id FROM Order WHERE EffectiveDate = TODAY";
        var schema = TestSchema.Create();
        var org = new InMemoryRecords(schema);
        var today = org.Add("Order", ("EffectiveDate", new DateOnly(2026, 11, 25)));
        var tomorrow = org.Add("Order", ("EffectiveDate", new DateOnly(2026, 11, 26)));

        var first = new Sandbox.Salesforce.Soql.SoqlEngine(schema).Execute(Soql, org, new(Now, "59.0", false));
        var second = new Sandbox.Salesforce.Soql.SoqlEngine(schema).Execute(Soql, org, new(Now.AddDays(1), "59.0", false));

        Assert.Equal(today.Id, first.Records.Single()["attributes"]!["url"]!.GetValue<string>().Split('/')[^1]);
        Assert.Equal(tomorrow.Id, second.Records.Single()["attributes"]!["url"]!.GetValue<string>().Split('/')[^1]);
    }
}
