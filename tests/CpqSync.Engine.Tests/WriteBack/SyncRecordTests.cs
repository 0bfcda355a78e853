using CpqSync.Core.Errors;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Stripe;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>What a user reads in Salesforce after each kind of sync: ids and links on the records, and Sync Records.</summary>
public sealed class SyncRecordTests
{
    [Fact]
    public async Task A_successful_sync_writes_stripe_ids_links_coupon_copies_and_a_success_sync_record()
    {
        await using var org = await WriteBackOrg.StartAsync();

        var report = await org.SucceedAsync();

        Assert.True(report.Succeeded, string.Join("\n", report.Failures.Select(f => f.Describe())));
        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c", "Stripe_Subscription_Payment_Link__c");
        Assert.Equal("sub_sched_1", order.Text("Stripe_ID__c"));
        Assert.Equal("https://dashboard.stripe.com/test/subscription_schedules/sub_sched_1", order.Text("Stripe_Subscription_Payment_Link__c"));
        var account = await org.RetrieveAsync("Account", org.AccountId, "Stripe_ID__c", "Stripe_Customer_Link__c");
        Assert.Equal("cus_1", account.Text("Stripe_ID__c"));
        Assert.Equal("https://dashboard.stripe.com/test/customers/cus_1", account.Text("Stripe_Customer_Link__c"));
        var line = await org.RetrieveAsync("OrderItem", org.Lines[0].Text("Id")!, "Stripe_ID__c");
        Assert.Equal("price_line_0", line.Text("Stripe_ID__c"));
        var product = await org.RetrieveAsync("Product2", org.Lines[0].Text("Product2Id")!, "Stripe_ID__c");
        Assert.Equal("prod_0", product.Text("Stripe_ID__c"));
        var coupons = await CouponsAsync(org);
        Assert.Equal("coupon_1", Assert.Single(coupons));

        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Success, record.Text("Resolution_Status__c"));
        Assert.Equal($"{org.OrderId}-{org.OrderId}", record.Text("Compound_ID__c"));
        Assert.Equal("sub_sched_1", record.Text("Stripe_Object_ID__c"));
        Assert.Equal("https://dashboard.stripe.com/test/subscription_schedules/sub_sched_1", record.Text("Stripe_Dashboard_Link__c"));
        Assert.Equal("Order", record.Text("Primary_Object_Type__c"));
        Assert.Equal(org.OrderId, record.Text("Order__c"));
        Assert.Equal(org.AccountId, record.Text("Account__c"));
        Assert.Null(record.Text("Error_Code__c"));
        Assert.NotNull(record.Text("Started_At__c"));
        Assert.NotNull(record.Text("Completed_At__c"));
    }

    [Fact]
    public async Task A_line_dropped_for_a_negative_price_is_a_warning_sync_record_beside_the_success()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var lineId = org.Lines[0].Text("Id")!;
        var warning = new Core.Planning.PlanWarning("NEGATIVE_LINE_DROPPED", $"Order line '{lineId}' has a negative amount and was not sent to Stripe.", lineId);

        var report = await org.WriteBack.RecordAppliedAsync(
            org.Attempt(), new StripeApplyResult([], org.SuccessWriteBacks(), null), [warning], WriteBackOrg.Preferences, TestCancellation.Token);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures.Select(f => f.Describe())));
        var records = await org.SyncRecordsAsync();
        Assert.Equal(SyncRecordStatus.Success, Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == org.OrderId).Text("Resolution_Status__c"));
        var line = Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == lineId);
        Assert.Equal(SyncRecordStatus.Warning, line.Text("Resolution_Status__c"));
        Assert.Equal("NEGATIVE_LINE_DROPPED", line.Text("Error_Code__c"));
        Assert.Equal(warning.Message, line.Text("Resolution_Message__c"));
        Assert.Equal("OrderItem", line.Text("Secondary_Object_Type__c"));
    }

    [Fact]
    public async Task A_planner_error_writes_an_error_sync_record_naming_the_record_at_fault()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var lineId = org.Lines[0].Text("Id")!;
        var error = SyncError.Of(SyncErrorCode.BillingFrequencyUnsupported, "OrderItem", lineId, "SBQQ__BillingFrequency__c");

        var report = await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [error], WriteBackOrg.Preferences, TestCancellation.Token);

        Assert.True(report.Succeeded);
        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("BILLING_FREQUENCY_UNSUPPORTED", record.Text("Error_Code__c"));
        Assert.Equal("Billing frequency isn't a supported CPQ Billing Frequency option.", record.Text("Resolution_Message__c"));
        Assert.Equal("http://127.0.0.1:5080/errors#billing_frequency_unsupported", record.Text("Resolution_Documentation_Link__c"));
        Assert.Equal(lineId, record.Text("Secondary_Record_ID__c"));
        Assert.Equal("OrderItem", record.Text("Secondary_Object_Type__c"));
        Assert.Equal($"{org.OrderId}-{lineId}", record.Text("Compound_ID__c"));
        Assert.False(record["Retryable__c"]!.GetValue<bool>());
        Assert.Equal(1, record["Attempt__c"]!.GetValue<decimal>());
        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c");
        Assert.Null(order.Text("Stripe_ID__c"));
    }

    [Fact]
    public async Task A_stripe_failure_writes_stripes_message_and_request_link_and_keeps_what_stripe_already_created()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var lineId = org.Lines[0].Text("Id")!;
        var failure = new StripeApplyFailure(
            "price:" + lineId, Core.Planning.StripeOperationKind.CreatePrice, lineId, 400, "invalid_request_error", "parameter_invalid_empty",
            "unit_amount_decimal", "Invalid decimal: ", "req_abc123", IsTransient: false);
        var customer = WriteBackOrg.IdAndLink("Account", org.AccountId, "cus_9", "customers");

        var report = await org.WriteBack.RecordAppliedAsync(
            org.Attempt(), new StripeApplyResult([], [customer], failure), WriteBackOrg.Preferences, TestCancellation.Token);

        Assert.True(report.Succeeded);
        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("STRIPE_API_ERROR", record.Text("Error_Code__c"));
        Assert.Equal("Invalid decimal:  (request req_abc123)", record.Text("Resolution_Message__c"));
        Assert.Equal("https://dashboard.stripe.com/test/logs/req_abc123", record.Text("Stripe_Request_Dashboard_Link__c"));
        Assert.Equal(lineId, record.Text("Secondary_Record_ID__c"));
        Assert.Equal("OrderItem", record.Text("Secondary_Object_Type__c"));
        var account = await org.RetrieveAsync("Account", org.AccountId, "Stripe_ID__c");
        Assert.Equal("cus_9", account.Text("Stripe_ID__c"));
    }

    [Fact]
    public async Task A_rate_limited_sync_is_marked_retryable_with_the_catalogue_message()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var failure = new StripeApplyFailure(
            "customer:" + org.AccountId, Core.Planning.StripeOperationKind.CreateCustomer, org.AccountId, 429, "rate_limit_error", "rate_limit",
            null, "Too many requests.", "req_429", IsTransient: true);

        await org.WriteBack.RecordAppliedAsync(org.Attempt(3), new StripeApplyResult([], [], failure), WriteBackOrg.Preferences, TestCancellation.Token);

        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal("RATE_LIMITED", record.Text("Error_Code__c"));
        Assert.Equal("The request rate limit was exceeded.", record.Text("Resolution_Message__c"));
        Assert.True(record["Retryable__c"]!.GetValue<bool>());
        Assert.Equal(3, record["Attempt__c"]!.GetValue<decimal>());
        Assert.Equal("Account", record.Text("Secondary_Object_Type__c"));
    }

    private static async Task<List<string?>> CouponsAsync(WriteBackOrg org)
    {
        var ids = new List<string?>();
        await foreach (var row in org.Client.QueryAsync(
            Salesforce.Soql.Query($"SELECT Stripe_ID__c FROM Order_Stripe_Coupon__c WHERE Order__c = {org.OrderId}"),
            cancellationToken: TestCancellation.Token))
        {
            ids.Add(row.Text("Stripe_ID__c"));
        }

        return ids;
    }
}
