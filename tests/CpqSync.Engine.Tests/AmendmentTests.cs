using System.Text.Json.Nodes;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>Amendments read their contract's history: the initial order and earlier amendments, with their lines.</summary>
public sealed class AmendmentTests
{
    private const string ScheduleId = "sub_sched_1DemoInitial";

    [Fact]
    public async Task An_amendment_snapshot_holds_the_contract_and_its_earlier_orders_with_their_lines()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var initialId = orders["Acme: platform, onboarding and API usage"];

        var snapshot = await org.Reader.ReadAsync(orders["Acme amendment: +5 platform seats"], DemoOrg.Configuration, TestCancellation.Token);

        var initial = snapshot.Records.Find(initialId);
        Assert.NotNull(initial);
        Assert.Single(snapshot.Records.OfType("Contract"));
        Assert.Equal(3, snapshot.Records.Children("OrderItem", "OrderId", initialId).Count());
        Assert.NotNull(snapshot.Records.Follow(initial, "SBQQ__Quote__c"));
        Assert.NotEmpty(snapshot.Records.OfType("SBQQ__OrderItemConsumptionRate__c"));
    }

    [Fact]
    public async Task An_amendment_of_a_synced_contract_plans_a_new_phase()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        await MarkSyncedAsync(org, orders["Acme: platform, onboarding and API usage"]);

        var preview = await org.Previewer.PreviewAsync(
            orders["Acme amendment: +5 platform seats"], DemoOrg.Configuration, SyncedSchedule(), TestCancellation.Token);

        Assert.True(preview.Result.Succeeded, string.Join("; ", preview.Result.Errors.Select(e => e.CodeName + ": " + e.Message)));
        Assert.NotEmpty(preview.Result.Plan!.Operations);
        Assert.Contains(ScheduleId, preview.Snapshot.StripeIds.Schedules);
    }

    [Fact]
    public async Task A_contracted_amendment_whose_contract_names_it_still_amends_the_initial_orders_schedule()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        var initialId = orders["Acme: platform, onboarding and API usage"];
        var amendmentId = orders["Acme amendment: +5 platform seats"];
        await MarkSyncedAsync(org, initialId);

        var preview = await org.Previewer.PreviewAsync(amendmentId, DemoOrg.Configuration, SyncedSchedule(), TestCancellation.Token);

        // CPQ re-pointed the contract to the amendment it contracted last (docs/behaviour.md §7.2).
        Assert.Equal(amendmentId, Assert.Single(preview.Snapshot.Records.OfType("Contract")).GetString("SBQQ__Order__c"));
        Assert.True(preview.Result.Succeeded, string.Join("; ", preview.Result.Errors.Select(e => e.CodeName + ": " + e.Message)));
        var update = Assert.Single(preview.Result.Plan!.Operations, o => o.Path == "/v1/subscription_schedules/{id}");
        Assert.Equal(ScheduleId, update.Target?.Text);
        Assert.Contains(update.Params, p => p.Key == "phases[1][metadata][salesforce_order_id]" && p.Value.Text == amendmentId);
    }

    [Fact]
    public async Task An_amendment_in_another_currency_than_its_contract_fails_with_mixed_currencies()
    {
        await using var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        await MarkSyncedAsync(org, orders["Stark: platform (valid initial order)"]);

        var preview = await org.Previewer.PreviewAsync(
            orders["Invalid (currency): amendment in EUR of a USD contract"], DemoOrg.Configuration, SyncedSchedule(), TestCancellation.Token);

        Assert.Equal("MIXED_CURRENCIES", Assert.Single(preview.Result.Errors).CodeName);
    }

    /// <summary>What the engine's write-back leaves after syncing an initial order: its schedule id on the order.</summary>
    private static Task MarkSyncedAsync(DemoOrg org, string orderId) =>
        org.Client.UpdateAsync("Order", orderId, new JsonObject { ["Stripe_ID__c"] = ScheduleId }, TestCancellation.Token);

    private static StripeState SyncedSchedule() => new()
    {
        Schedules = new Dictionary<string, StripeScheduleState>
        {
            [ScheduleId] = new(ScheduleId, "active", []),
        },
    };
}
