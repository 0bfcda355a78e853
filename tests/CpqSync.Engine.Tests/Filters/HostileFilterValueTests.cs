using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Tests.Filters;

/// <summary>A value written to break out of its quotes matches exactly the record that holds it, and nothing else.</summary>
public sealed class HostileFilterValueTests
{
    [Theory]
    [InlineData("' OR Name != '")]
    [InlineData("x\\' OR Name != \\'")]
    [InlineData("a'); DELETE FROM Order; --")]
    public async Task A_filter_on_a_hostile_name_matches_only_the_order_with_that_name(string hostile)
    {
        await using var org = await DemoOrg.StartAsync();
        var template = await org.Client.RetrieveAsync(
            "Order", (await org.ActivatedOrdersAsync()).Values.First(), ["AccountId", "Pricebook2Id", "CurrencyIsoCode", "EffectiveDate"], TestCancellation.Token);
        var order = new JsonObject { ["Name"] = hostile, ["Status"] = "Draft" };
        foreach (var field in new[] { "AccountId", "Pricebook2Id", "CurrencyIsoCode", "EffectiveDate" })
        {
            order[field] = template[field]!.DeepClone();
        }

        var orderId = (await org.Client.CreateAsync("Order", order, TestCancellation.Token)).Id!;
        var filter = SyncFilter.Create("Order", "Name", FilterOperator.EqualTo, hostile);
        Assert.Empty(await SyncFilterValidator.ValidateAsync([filter], org.Client, TestCancellation.Token));

        var ids = new List<string>();
        await foreach (var row in org.Client.QueryAsync(
            Soql.Query($"SELECT Id FROM Order WHERE {SyncFilterCompiler.Compile(filter)}"), cancellationToken: TestCancellation.Token))
        {
            ids.Add(row["Id"]!.GetValue<string>());
        }

        Assert.Equal([orderId], ids);
    }
}
