using System.Text.Json.Nodes;
using CpqSync.Engine.Sync;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.Sync;
using CpqSync.Salesforce;
using Microsoft.Extensions.Time.Testing;
using Stripe;

namespace CpqSync.Engine.Tests.StripeResolution;

/// <summary>
/// <c>Stripe_ID__c</c> values naming objects Stripe does not have (edited by hand, copied from another org) are
/// handled like ids never written: the sync finds what it made before, and creates nothing twice.
/// </summary>
public sealed class StaleStripeIdTests
{
    private const string Stark = "Stark: platform (valid initial order)";

    [Fact]
    public async Task Ids_of_an_order_an_account_and_a_product_naming_nothing_in_stripe_lead_back_to_their_objects()
    {
        var stripeTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var org = await SyncOrg.StartAsync(stripeTime: stripeTime);
        var (order, account, product) = await SyncStarkAsync(org);
        var before = await CountsAsync(org);
        var synced = (Order: await org.StripeIdOfAsync("Order", order), Account: await org.StripeIdOfAsync("Account", account),
            Product: await org.StripeIdOfAsync("Product2", product));

        await SetStripeIdAsync(org, "Order", order, "sub_sched_NotInStripe");
        await SetStripeIdAsync(org, "Account", account, "cus_NotInStripe");
        await SetStripeIdAsync(org, "Product2", product, "prod_NotInStripe");
        // A day later: Stripe no longer replays the first sync's idempotency keys.
        stripeTime.Advance(TimeSpan.FromHours(25));
        var again = await org.Syncer.SyncAsync(org.Connection, order, SyncTrigger.Manual, TestCancellation.Token);

        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(before, await CountsAsync(org));
        Assert.Equal(synced.Order, await org.StripeIdOfAsync("Order", order));
        Assert.Equal(synced.Account, await org.StripeIdOfAsync("Account", account));
        Assert.Equal(synced.Product, await org.StripeIdOfAsync("Product2", product));
    }

    [Fact]
    public async Task Two_stripe_customers_made_for_one_account_refuse_the_sync_instead_of_guessing()
    {
        await using var org = await SyncOrg.StartAsync();
        var (order, account, _) = await SyncStarkAsync(org);
        var client = new StripeClient(apiKey: org.Stripe.SecretKey, apiBase: org.Stripe.BaseUrl.ToString().TrimEnd('/'));
        await new CustomerService(client).CreateAsync(
            new CustomerCreateOptions { Name = "Stark copy", Metadata = new() { ["salesforce_account_id"] = account } },
            cancellationToken: TestCancellation.Token);
        await SetStripeIdAsync(org, "Account", account, "cus_NotInStripe");
        var before = await CountsAsync(org);

        var again = await org.Syncer.SyncAsync(org.Connection, order, SyncTrigger.Manual, TestCancellation.Token);

        Assert.Equal(OrderSyncStatus.PlanRefused, again.Status);
        Assert.Equal("STRIPE_OBJECT_AMBIGUOUS", again.ErrorCode);
        Assert.Equal(before, await CountsAsync(org));
        Assert.Contains(await org.SyncRecordsAsync(order), r => r["Error_Code__c"]?.GetValue<string>() == "STRIPE_OBJECT_AMBIGUOUS");
    }

    private static async Task<(string Order, string Account, string Product)> SyncStarkAsync(SyncOrg org)
    {
        var order = (await org.ActivatedOrdersAsync())[Stark];
        var first = await org.Syncer.SyncAsync(org.Connection, order, SyncTrigger.Manual, TestCancellation.Token);
        Assert.True(first.Succeeded, first.Message);
        var account = (await org.Client.RetrieveAsync("Order", order, ["AccountId"], TestCancellation.Token))["AccountId"]!.GetValue<string>();
        string? product = null;
        await foreach (var line in org.Client.QueryAsync(
            Soql.Query($"SELECT Product2Id FROM OrderItem WHERE OrderId = {order} LIMIT 1"), cancellationToken: TestCancellation.Token))
        {
            product = line["Product2Id"]!.GetValue<string>();
        }

        return (order, account, product!);
    }

    private static async Task<string> CountsAsync(SyncOrg org) =>
        string.Join(", ", await Task.WhenAll(new[] { "customers", "products", "prices", "subscription_schedules", "subscriptions", "invoices" }
            .Select(async resource => $"{resource} {await org.CountStripeAsync(resource)}")));

    private static Task SetStripeIdAsync(SyncOrg org, string type, string id, string stripeId) =>
        org.Client.UpdateAsync(type, id, new JsonObject { ["Stripe_ID__c"] = stripeId }, TestCancellation.Token);
}
