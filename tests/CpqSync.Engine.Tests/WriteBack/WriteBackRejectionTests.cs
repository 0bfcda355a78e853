using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Stripe;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>A write-back Salesforce refuses is reported for that record, and the others still land.</summary>
public sealed class WriteBackRejectionTests
{
    [Fact]
    public async Task A_deleted_record_is_reported_and_shown_in_an_error_sync_record_while_the_others_land()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var deleted = (await org.Client.CreateAsync("Product2", new JsonObject { ["Name"] = "Retired add-on" }, TestCancellation.Token)).Id!;
        await org.Client.DeleteAsync("Product2", deleted, TestCancellation.Token);
        var writes = org.SuccessWriteBacks();
        writes.Add(WriteBackOrg.IdAndLink("Product2", deleted, "prod_gone", "products"));

        var report = await org.WriteBack.RecordAppliedAsync(
            org.Attempt(), new StripeApplyResult([], writes, null), WriteBackOrg.Preferences, TestCancellation.Token);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(("Product2", deleted, "update"), (failure.SObjectType, failure.RecordId, failure.Operation));
        Assert.Equal("ENTITY_IS_DELETED", Assert.Single(failure.Errors).ErrorCode);
        var product = await org.RetrieveAsync("Product2", org.Lines[0].Text("Product2Id")!, "Stripe_ID__c");
        Assert.Equal("prod_0", product.Text("Stripe_ID__c"));
        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c");
        Assert.Equal("sub_sched_1", order.Text("Stripe_ID__c"));

        var records = await org.SyncRecordsAsync();
        Assert.Equal(SyncRecordStatus.Success, Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == org.OrderId).Text("Resolution_Status__c"));
        var error = Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == deleted);
        Assert.Equal(SyncRecordStatus.Error, error.Text("Resolution_Status__c"));
        Assert.Equal("SALESFORCE_API_ERROR", error.Text("Error_Code__c"));
        Assert.StartsWith("ENTITY_IS_DELETED: ", error.Text("Resolution_Message__c"));
        Assert.Equal("Product2", error.Text("Secondary_Object_Type__c"));
    }

    [Fact]
    public async Task A_field_the_object_lacks_is_not_sent_so_the_record_still_gets_its_stripe_id()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var entry = org.Lines[0].Text("PricebookEntryId")!;

        var report = await org.WriteBack.RecordAppliedAsync(
            org.Attempt(),
            new StripeApplyResult([], [WriteBackOrg.IdAndLink("PricebookEntry", entry, "price_7", "prices")], null),
            WriteBackOrg.Preferences,
            TestCancellation.Token);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures.Select(f => f.Describe())));
        Assert.Equal("price_7", (await org.RetrieveAsync("PricebookEntry", entry, "Stripe_ID__c")).Text("Stripe_ID__c"));
    }

    [Fact]
    public async Task An_invoice_order_gets_its_link_in_the_invoice_link_field()
    {
        await using var org = await WriteBackOrg.StartAsync();

        await org.WriteBack.RecordAppliedAsync(
            org.Attempt(),
            new StripeApplyResult([], [WriteBackOrg.IdAndLink("Order", org.OrderId, "in_1", "invoices")], null),
            WriteBackOrg.Preferences,
            TestCancellation.Token);

        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c", "Stripe_Invoice_Payment_Link__c", "Stripe_Subscription_Payment_Link__c");
        Assert.Equal("https://dashboard.stripe.com/test/invoices/in_1", order.Text("Stripe_Invoice_Payment_Link__c"));
        Assert.Null(order.Text("Stripe_Subscription_Payment_Link__c"));
    }
}
