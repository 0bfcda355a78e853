using CpqSync.Core.Errors;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>Sync Records over several syncs of one order: errors resolved, retries not duplicated, old rows deleted.</summary>
public sealed class SyncRecordHistoryTests
{
    [Fact]
    public async Task A_later_success_flips_the_earlier_errors_to_resolved()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var lineError = SyncError.Of(SyncErrorCode.QuantityNotInteger, "OrderItem", org.Lines[0].Text("Id"), "Quantity", org.Lines[0].Text("Id"), "Platform", 1.5m);
        var orderError = SyncError.Of(SyncErrorCode.DaysUntilDueUnsupported, "Order", org.OrderId, "SBQQ__PaymentTerm__c");
        await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [lineError], WriteBackOrg.Preferences, TestCancellation.Token);
        org.Org.Time.Advance(TimeSpan.FromMinutes(5));
        await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [orderError], WriteBackOrg.Preferences, TestCancellation.Token);
        org.Org.Time.Advance(TimeSpan.FromMinutes(5));

        var report = await org.SucceedAsync();

        Assert.Equal(1, report.Resolved);
        var records = await org.SyncRecordsAsync();
        Assert.Equal(2, records.Count);
        var line = Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == org.Lines[0].Text("Id"));
        Assert.Equal(SyncRecordStatus.Resolved, line.Text("Resolution_Status__c"));
        Assert.Equal("QUANTITY_NOT_INTEGER", line.Text("Error_Code__c"));
        var order = Assert.Single(records, r => r.Text("Secondary_Record_ID__c") == org.OrderId);
        Assert.Equal(SyncRecordStatus.Success, order.Text("Resolution_Status__c"));
        Assert.Null(order.Text("Error_Code__c"));
        Assert.Null(order.Text("Resolution_Message__c"));
    }

    [Fact]
    public async Task Running_the_same_sync_again_writes_no_duplicates()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var error = SyncError.Of(SyncErrorCode.OrderNoQuote, "Order", org.OrderId, null);
        await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(1), [error], WriteBackOrg.Preferences, TestCancellation.Token);
        var again = await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(2), [error], WriteBackOrg.Preferences, TestCancellation.Token);

        var first = await org.SucceedAsync();
        var second = await org.SucceedAsync();

        Assert.False(Assert.Single(again.SyncRecords).Created);
        Assert.False(Assert.Single(first.SyncRecords).Created);
        Assert.False(Assert.Single(second.SyncRecords).Created);
        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Success, record.Text("Resolution_Status__c"));
        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c");
        Assert.Equal("sub_sched_1", order.Text("Stripe_ID__c"));
        Assert.Single(await CouponCopiesAsync(org));
    }

    [Fact]
    public async Task Retention_keeps_the_newest_sync_records_and_deletes_the_oldest()
    {
        await using var org = await WriteBackOrg.StartAsync("Acme: platform, onboarding and API usage");
        Assert.True(org.Lines.Count >= 3);
        var preferences = WriteBackOrg.Preferences with { RetentionCount = 2 };
        foreach (var line in org.Lines.Take(3))
        {
            var error = SyncError.Of(SyncErrorCode.OrderLineNotActive, "OrderItem", line.Text("Id"), null);
            await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [error], preferences, TestCancellation.Token);
            org.Org.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var records = await org.SyncRecordsAsync();

        Assert.Equal(
            new List<string?> { org.Lines[1].Text("Id"), org.Lines[2].Text("Id") },
            records.Select(r => r.Text("Secondary_Record_ID__c")).ToList());
    }

    [Fact]
    public async Task Retention_counts_the_new_success_and_resolves_only_what_it_keeps()
    {
        await using var org = await WriteBackOrg.StartAsync("Acme: platform, onboarding and API usage");
        var preferences = WriteBackOrg.Preferences with { RetentionCount = 2 };
        foreach (var line in org.Lines.Take(2))
        {
            var error = SyncError.Of(SyncErrorCode.OrderLineNotActive, "OrderItem", line.Text("Id"), null);
            await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), [error], preferences, TestCancellation.Token);
            org.Org.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var report = await org.WriteBack.RecordAppliedAsync(
            org.Attempt(), new Stripe.StripeApplyResult([], org.SuccessWriteBacks(), null), preferences, TestCancellation.Token);

        Assert.Equal(1, report.Deleted);
        Assert.Equal(1, report.Resolved);
        var records = await org.SyncRecordsAsync();
        Assert.Equal(
            new List<(string?, string?)> { (org.Lines[1].Text("Id"), SyncRecordStatus.Resolved), (org.OrderId, SyncRecordStatus.Success) },
            records.Select(r => (r.Text("Secondary_Record_ID__c"), r.Text("Resolution_Status__c"))).ToList());
    }

    private static async Task<List<string>> CouponCopiesAsync(WriteBackOrg org)
    {
        var ids = new List<string>();
        await foreach (var row in org.Client.QueryAsync(
            Salesforce.Soql.Query($"SELECT Id FROM Order_Stripe_Coupon__c WHERE Order__c = {org.OrderId}"), cancellationToken: TestCancellation.Token))
        {
            ids.Add(row.Text("Id")!);
        }

        return ids;
    }
}
