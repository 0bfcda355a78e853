using System.Text.Json.Nodes;
using CpqSync.Engine.Changes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Tests.Support;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Tests.Changes;

/// <summary>Polling by SystemModstamp against the emulated org, queueing into a real SQLite store.</summary>
public sealed class ChangeDetectionTests
{
    [Fact]
    public async Task A_newly_activated_order_is_queued_with_its_contract_as_ordering_key()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var source = await org.SourceAsync();
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        var orderId = await org.NewActivatedOrderAsync("Newly activated");
        var poll = await source.PollAsync(TestCancellation.Token);

        var change = Assert.Single(poll.Queued, c => c.OrderId == orderId);
        Assert.Contains(orderId, await org.DrainQueueAsync());
        var order = await org.Client.RetrieveAsync("Order", orderId, ["ContractId", "SystemModstamp"], TestCancellation.Token);
        Assert.Equal(order["ContractId"]?.GetValue<string>(), change.ContractId);
    }

    [Fact]
    public async Task An_edit_to_an_order_line_alone_is_detected_even_in_the_second_the_line_was_last_read()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var orderId = await org.NewActivatedOrderAsync("Line edited later");
        var source = await org.SourceAsync();
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();
        var orderBefore = await org.Client.RetrieveAsync("Order", orderId, ["SystemModstamp"], TestCancellation.Token);

        var lineId = await FirstLineAsync(org.Client, orderId);
        await org.Client.UpdateAsync("OrderItem", lineId, new JsonObject { ["Description"] = "Edited line" }, TestCancellation.Token);
        var poll = await source.PollAsync(TestCancellation.Token);

        var orderAfter = await org.Client.RetrieveAsync("Order", orderId, ["SystemModstamp"], TestCancellation.Token);
        Assert.Equal(orderBefore["SystemModstamp"]!.GetValue<string>(), orderAfter["SystemModstamp"]!.GetValue<string>());
        Assert.Contains(poll.Queued, c => c.OrderId == orderId);
        Assert.Contains(orderId, await org.DrainQueueAsync());
    }

    [Fact]
    public async Task An_order_at_the_cursor_instant_is_not_queued_again_by_overlapping_polls_even_after_a_restart()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var source = await org.SourceAsync();
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();
        var orderId = await org.NewActivatedOrderAsync("Seen once");
        org.LetChangesSettle();
        Assert.Contains(orderId, (await source.PollAsync(TestCancellation.Token)).Queued.Select(c => c.OrderId));
        Assert.Contains(orderId, await org.DrainQueueAsync());

        var again = await source.PollAsync(TestCancellation.Token);
        var restarted = await org.SourceAsync();
        var afterRestart = await restarted.PollAsync(TestCancellation.Token);

        Assert.DoesNotContain(again.Queued, c => c.OrderId == orderId);
        Assert.DoesNotContain(afterRestart.Queued, c => c.OrderId == orderId);
        Assert.DoesNotContain(orderId, await org.DrainQueueAsync());
    }

    [Fact]
    public async Task Draft_orders_are_not_queued()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var source = await org.SourceAsync();
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        var draftId = await org.NewDraftOrderAsync("Still a draft");
        var activeId = await org.NewActivatedOrderAsync("Activated beside the draft");
        var poll = await source.PollAsync(TestCancellation.Token);

        Assert.DoesNotContain(poll.Queued, c => c.OrderId == draftId);
        var queued = await org.DrainQueueAsync();
        Assert.Contains(activeId, queued);
        Assert.DoesNotContain(draftId, queued);
    }

    [Fact]
    public async Task Orders_activated_before_the_start_date_are_not_queued_and_a_past_start_date_lets_them_through()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var today = DateOnly.FromDateTime(org.Org.Time.GetUtcNow().UtcDateTime);
        var future = await org.SourceAsync(new SyncPreferences { StartDate = today.AddDays(2) });
        var past = await org.SourceAsync(new SyncPreferences { StartDate = today.AddYears(-5) });
        await future.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        var orderId = await org.NewActivatedOrderAsync("Activated before the start date");
        var beforeStart = await future.PollAsync(TestCancellation.Token);
        var queuedBeforeStart = await org.DrainQueueAsync();
        var afterStart = await past.PollAsync(TestCancellation.Token);

        Assert.DoesNotContain(beforeStart.Queued, c => c.OrderId == orderId);
        Assert.DoesNotContain(orderId, queuedBeforeStart);
        Assert.Contains(afterStart.Queued, c => c.OrderId == orderId);
    }

    [Fact]
    public async Task An_idle_poll_costs_one_api_call()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var source = await org.SourceAsync();
        org.LetChangesSettle();
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        var before = org.ApiUsage;
        var first = await source.PollAsync(TestCancellation.Token);
        var second = await source.PollAsync(TestCancellation.Token);

        Assert.Empty(first.Queued);
        Assert.Empty(second.Queued);
        Assert.Equal(1, first.ApiCalls);
        Assert.Equal(1, second.ApiCalls);
        Assert.Equal(2, org.ApiUsage - before);
    }

    [Fact]
    public async Task Changes_beyond_one_page_are_read_page_by_page()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var source = await org.SourceAsync(options: new ChangePollingOptions { PageSize = 1 });
        await source.PollAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        var first = await org.NewActivatedOrderAsync("First of two");
        var second = await org.NewActivatedOrderAsync("Second of two");
        var poll = await source.PollAsync(TestCancellation.Token);

        Assert.True(poll.ApiCalls > 1);
        var queued = await org.DrainQueueAsync();
        Assert.Contains(first, queued);
        Assert.Contains(second, queued);
    }

    private static async Task<string> FirstLineAsync(SalesforceClient client, string orderId)
    {
        await foreach (var line in client.QueryAsync(Soql.Query($"SELECT Id FROM OrderItem WHERE OrderId = {orderId} LIMIT 1"), cancellationToken: TestCancellation.Token))
        {
            return line["Id"]!.GetValue<string>();
        }

        throw new InvalidOperationException("The order has no line.");
    }
}
