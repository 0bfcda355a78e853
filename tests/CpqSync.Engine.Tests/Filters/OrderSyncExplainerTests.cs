using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Tests.Filters;

/// <summary>
/// The explainer's reading of a filter agrees with the org's: for each filter, the activated demo orders it explains as
/// not filtered out are exactly those the compiled SOQL condition selects.
/// </summary>
public sealed class OrderSyncExplainerTests
{
    public static TheoryData<SyncFilter> Filters => new()
    {
        SyncFilter.Create("Account", "Name", FilterOperator.EqualTo, "stark industries"),
        SyncFilter.Create("Account", "Name", FilterOperator.Like, "%corp%"),
        SyncFilter.Create("Account", "Name", FilterOperator.StartsWith, "ac"),
        SyncFilter.Create("Order", "Type", FilterOperator.NotEqualTo, "Amendment"),
        SyncFilter.Create("Order", "Type", FilterOperator.In, "New", "Renewal"),
        SyncFilter.Create("Order", "Type", FilterOperator.NotIn, "Amendment"),
        SyncFilter.Create("Order", "Type", FilterOperator.IsNull),
        SyncFilter.Create("Order", "TotalAmount", FilterOperator.GreaterThan, 1000m),
        SyncFilter.Create("Order", "EffectiveDate", FilterOperator.LessThanOrEqualTo, new DateOnly(2026, 1, 1)),
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Explains_as_filtered_out_exactly_the_orders_the_compiled_filter_leaves_out(SyncFilter filter)
    {
        await using var org = await DemoOrg.StartAsync();
        var preferences = new SyncPreferences { Filters = [filter] };
        var conditions = await OrderSyncConditions.CreateAsync(preferences, org.Client, TestCancellation.Token); // validated, as the engine compiles them
        var fields = Soql.Fields(["Id", .. OrderSyncExplainer.Fields(preferences)]);

        var selected = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in org.Client.QueryAsync(
            Soql.Query($"SELECT Id FROM Order WHERE Status = 'Activated' AND {conditions.ForOrder()}"), cancellationToken: TestCancellation.Token))
        {
            selected.Add(row["Id"]!.GetValue<string>());
        }

        var explained = new HashSet<string>(StringComparer.Ordinal);
        var reasons = new List<NotSyncingReason>();
        await foreach (var row in org.Client.QueryAsync(
            Soql.Query($"SELECT {fields} FROM Order WHERE Status = 'Activated'"), cancellationToken: TestCancellation.Token))
        {
            if (OrderSyncExplainer.Explain(row, preferences) is { } reason)
            {
                reasons.Add(reason);
            }
            else
            {
                explained.Add(row["Id"]!.GetValue<string>());
            }
        }

        Assert.Equal(selected.Order(StringComparer.Ordinal), explained.Order(StringComparer.Ordinal));
        Assert.All(reasons, r => Assert.Equal(new NotSyncingReason(NotSyncingKind.FilteredOut, $"Left out by the filter {filter.DisplayName}."), r));
    }

    [Fact]
    public void A_draft_is_not_activated_and_an_order_activated_before_the_start_date_says_so()
    {
        var preferences = new SyncPreferences { StartDate = new DateOnly(2026, 3, 1) };

        var draft = OrderSyncExplainer.Explain(new JsonObject { ["Status"] = "Draft", ["ActivatedDate"] = null }, preferences);
        var early = OrderSyncExplainer.Explain(
            new JsonObject { ["Status"] = "Activated", ["ActivatedDate"] = "2026-02-28T23:59:59.000+0000" }, preferences);
        var onTime = OrderSyncExplainer.Explain(
            new JsonObject { ["Status"] = "Activated", ["ActivatedDate"] = "2026-03-01T00:00:00.000+0000" }, preferences);
        var waiting = OrderSyncExplainer.Explain(
            new JsonObject { ["Status"] = "Activated", ["ActivatedDate"] = "2026-03-02T00:00:00.000+0000" }, preferences, "801000000000001AAA");

        Assert.Equal(new NotSyncingReason(NotSyncingKind.NotActivated, "Status is Draft, not Activated."), draft);
        Assert.Equal(new NotSyncingReason(NotSyncingKind.BeforeStartDate, "Activated before the start date, 2026-03-01."), early);
        Assert.Null(onTime);
        Assert.Equal(NotSyncingKind.WaitingBehindParkedOrder, waiting?.Kind);
        Assert.Contains("801000000000001AAA", waiting!.Detail, StringComparison.Ordinal);
    }
}
