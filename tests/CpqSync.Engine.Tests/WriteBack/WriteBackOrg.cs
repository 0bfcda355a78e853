using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>The demo org, the real write-back over it, and one demo order's records to write back to.</summary>
internal sealed class WriteBackOrg : IAsyncDisposable
{
    public const string StripeTestLinks = "https://dashboard.stripe.com/test/";

    private WriteBackOrg(DemoOrg org, string orderId, string accountId, IReadOnlyList<JsonObject> lines)
    {
        Org = org;
        OrderId = orderId;
        AccountId = accountId;
        Lines = lines;
        WriteBack = new SalesforceWriteBack(org.Client, org.Time);
    }

    public DemoOrg Org { get; }

    public SalesforceClient Client => Org.Client;

    public SalesforceWriteBack WriteBack { get; }

    public string OrderId { get; }

    public string AccountId { get; }

    /// <summary>The order's lines: <c>Id</c>, <c>PricebookEntryId</c> and <c>Product2Id</c>.</summary>
    public IReadOnlyList<JsonObject> Lines { get; }

    public static SyncRecordPreferences Preferences { get; } = new() { StripeTestMode = true };

    public static async Task<WriteBackOrg> StartAsync(string order = "Stark: platform (valid initial order)")
    {
        var org = await DemoOrg.StartAsync();
        var orders = await org.ActivatedOrdersAsync();
        return await ForOrderAsync(org, orders[order]);
    }

    public static async Task<WriteBackOrg> ForOrderAsync(DemoOrg org, string orderId)
    {
        var order = await org.Client.RetrieveAsync("Order", orderId, ["AccountId"], TestCancellation.Token);
        var lines = new List<JsonObject>();
        await foreach (var line in org.Client.QueryAsync(
            Soql.Query($"SELECT Id, PricebookEntryId, Product2Id FROM OrderItem WHERE OrderId = {orderId} ORDER BY OrderItemNumber"),
            cancellationToken: TestCancellation.Token))
        {
            lines.Add(line);
        }

        return new WriteBackOrg(org, orderId, order["AccountId"]!.GetValue<string>(), lines);
    }

    public SyncAttempt Attempt(int attempt = 1) =>
        new("Order", OrderId, attempt, Org.Time.GetUtcNow()) { AccountId = AccountId };

    /// <summary>What the applier resolves for a plain initial order: customer, products, prices, the schedule, a coupon copy.</summary>
    public List<ResolvedSalesforceWrite> SuccessWriteBacks(string schedule = "sub_sched_1")
    {
        var writes = new List<ResolvedSalesforceWrite>
        {
            IdAndLink("Account", AccountId, "cus_1", "customers"),
            IdAndLink("Order", OrderId, schedule, "subscription_schedules"),
            new(SalesforceWriteKind.Create, "Order_Stripe_Coupon__c", null,
            [
                new("Order__c", OrderId), new("Name__c", "Launch 10%"), new("Percent_Off__c", "10"),
                new("Duration__c", "once"), new("Stripe_ID__c", "coupon_1"), new("Quote_Stripe_Coupon_Id__c", "a0Q000000000001"),
            ]),
        };
        for (var i = 0; i < Lines.Count; i++)
        {
            writes.Add(IdAndLink("Product2", Lines[i]["Product2Id"]!.GetValue<string>(), "prod_" + i, "products"));
            writes.Add(IdAndLink("PricebookEntry", Lines[i]["PricebookEntryId"]!.GetValue<string>(), "price_" + i, "prices"));
            writes.Add(new(SalesforceWriteKind.Update, "OrderItem", Lines[i]["Id"]!.GetValue<string>(), [new("Stripe_ID__c", "price_line_" + i)]));
        }

        return writes;
    }

    /// <summary>What the planner writes back: the Stripe id, and the Dashboard link where the package has a field for it.</summary>
    public static ResolvedSalesforceWrite IdAndLink(string type, string id, string stripeId, string segment)
    {
        List<KeyValuePair<string, string>> fields = [new("Stripe_ID__c", stripeId)];
        var linkField = (type, segment) switch
        {
            ("Account", _) => "Stripe_Customer_Link__c",
            ("Order", "invoices") => "Stripe_Invoice_Payment_Link__c",
            ("Order", _) => "Stripe_Subscription_Payment_Link__c",
            _ => null,
        };
        if (linkField is not null)
        {
            fields.Add(new(linkField, $"{StripeTestLinks}{segment}/{stripeId}"));
        }

        return new(SalesforceWriteKind.Update, type, id, fields);
    }

    public Task<WriteBackReport> SucceedAsync(int attempt = 1) =>
        WriteBack.RecordAppliedAsync(Attempt(attempt), new StripeApplyResult([], SuccessWriteBacks(), null), Preferences, TestCancellation.Token);

    /// <summary>The order's Sync Records as a user lists them, oldest first.</summary>
    public async Task<List<JsonObject>> SyncRecordsAsync()
    {
        var rows = new List<JsonObject>();
        await foreach (var row in Client.QueryAsync(
            Soql.Query($"""
                SELECT Id, Compound_ID__c, Resolution_Status__c, Resolution_Message__c, Resolution_Documentation_Link__c, Error_Code__c,
                       Retryable__c, Attempt__c, Stripe_Object_ID__c, Stripe_Dashboard_Link__c, Stripe_Request_Dashboard_Link__c,
                       Primary_Record_ID__c, Primary_Object_Type__c, Secondary_Record_ID__c, Secondary_Object_Type__c,
                       Order__c, Account__c, Started_At__c, Completed_At__c
                FROM Stripe_Sync_Record__c WHERE Primary_Record_ID__c = {OrderId} ORDER BY Completed_At__c
                """),
            cancellationToken: TestCancellation.Token))
        {
            rows.Add(row);
        }

        return rows;
    }

    public Task<JsonObject> RetrieveAsync(string type, string id, params string[] fields) =>
        Client.RetrieveAsync(type, id, fields, TestCancellation.Token);

    public ValueTask DisposeAsync() => Org.DisposeAsync();
}

internal static class JsonText
{
    public static string? Text(this JsonObject record, string field) => record[field]?.GetValue<string>();
}
