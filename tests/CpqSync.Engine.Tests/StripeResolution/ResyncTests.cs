using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Preview;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Stripe.State;

namespace CpqSync.Engine.Tests.StripeResolution;

/// <summary>
/// A demo order synced once (planned, applied to the emulated Stripe API, written back to the org), then
/// previewed again: what Stripe already holds is reused, even when the ids written back to Salesforce were lost.
/// </summary>
public sealed class ResyncTests
{
    /// <remarks>
    /// Not the Acme order: its API usage line becomes a metered price without <c>recurring[meter]</c>, which Stripe
    /// (and so the sandbox) refuses, so it cannot be applied yet.
    /// </remarks>
    private const string Stark = "Stark: platform (valid initial order)";

    private static readonly StripeOperationKind[] Creations =
        [StripeOperationKind.CreateCustomer, StripeOperationKind.CreateProduct, StripeOperationKind.CreateSubscriptionSchedule];

    [Fact]
    public async Task A_synced_order_previews_as_already_synced()
    {
        await using var org = await WriteBackOrg.StartAsync(Stark);
        await SyncAsync(org);

        var again = await PreviewAsync(org);

        Assert.True(again.Result.Succeeded);
        Assert.Equal(PlanShape.None, again.Result.Plan!.Shape);
        Assert.DoesNotContain(again.Result.Plan.Operations, o => Creations.Contains(o.Kind));
        Assert.True(again.StripeCalls > 0);
    }

    [Fact]
    public async Task An_account_whose_stripe_id_was_lost_gets_its_customer_back_instead_of_a_second_one()
    {
        await using var org = await WriteBackOrg.StartAsync(Stark);
        await SyncAsync(org);
        var customer = (await org.RetrieveAsync("Account", org.AccountId, "Stripe_ID__c")).Text("Stripe_ID__c");
        await ClearStripeIdAsync(org, "Account", org.AccountId);

        var again = await PreviewAsync(org);

        Assert.Equal(customer, again.Snapshot.Records.Find(org.AccountId)!.GetString("Stripe_ID__c"));
        Assert.DoesNotContain(again.Result.Plan!.Operations, o => o.Kind == StripeOperationKind.CreateCustomer);
        Assert.Single(await StripeListAsync(org, "customers"));
    }

    [Fact]
    public async Task An_order_whose_whole_write_back_was_lost_finds_its_customer_products_and_schedule()
    {
        await using var org = await WriteBackOrg.StartAsync(Stark);
        await SyncAsync(org);
        var schedule = (await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c")).Text("Stripe_ID__c");
        await ClearStripeIdAsync(org, "Account", org.AccountId);
        await ClearStripeIdAsync(org, "Order", org.OrderId);
        foreach (var product in org.Lines.Select(l => l["Product2Id"]!.GetValue<string>()).Distinct())
        {
            await ClearStripeIdAsync(org, "Product2", product);
        }

        var again = await PreviewAsync(org);

        Assert.Equal(schedule, again.Snapshot.Order.GetString("Stripe_ID__c"));
        Assert.Equal(PlanShape.None, again.Result.Plan!.Shape);
        Assert.DoesNotContain(again.Result.Plan.Operations, o => Creations.Contains(o.Kind));
        Assert.All(again.Snapshot.Records.OfType("Product2"), p => Assert.StartsWith("prod_", p.GetString("Stripe_ID__c")));
    }

    [Fact]
    public async Task A_stripe_outage_outlasting_the_retries_stops_the_preview_with_a_transient_failure()
    {
        await using var org = await WriteBackOrg.StartAsync(Stark);
        // Every attempt fails: the first try and the five retries of the account's customer search.
        org.Org.Stripe.Faults.Update(f => f.FailNextRequests = 6);

        var failure = await Assert.ThrowsAsync<StripeStateReadException>(() => PreviewAsync(org));

        Assert.True(failure.IsTransient);
        Assert.Equal("/v1/customers/search", failure.Path);
    }

    private static async Task SyncAsync(WriteBackOrg org)
    {
        var first = await PreviewAsync(org);
        Assert.Contains(first.Result.Plan!.Operations, o => o.Kind == StripeOperationKind.CreateCustomer);
        var applied = await org.Org.Applier.ApplyAsync(first.Result.Plan, TestCancellation.Token);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        var report = await org.WriteBack.RecordAppliedAsync(org.Attempt(), applied, WriteBackOrg.Preferences, TestCancellation.Token);
        Assert.True(report.Succeeded);
    }

    private static Task<OrderPreview> PreviewAsync(WriteBackOrg org) =>
        org.Org.Previewer.PreviewAsync(org.OrderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);

    private static Task ClearStripeIdAsync(WriteBackOrg org, string type, string id) =>
        org.Client.UpdateAsync(type, id, new JsonObject { ["Stripe_ID__c"] = null }, TestCancellation.Token);

    private static async Task<JsonArray> StripeListAsync(WriteBackOrg org, string resource)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", org.Org.Stripe.SecretKey);
        var list = JsonNode.Parse(await http.GetStringAsync(new Uri(org.Org.Stripe.BaseUrl, $"v1/{resource}"), TestCancellation.Token))!;
        return list["data"]!.AsArray();
    }
}
