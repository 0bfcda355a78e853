using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.Tests.WriteBack;
using CpqSync.Engine.WriteBack;
using Xunit.Abstractions;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>A backfill while Stripe rate-limits and fails, Salesforce fails and every session expires: nothing is lost.</summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_order_ends_synced_after_retries_through_rate_limits_server_errors_and_an_expired_session()
    {
        var stripeFaults = new StripeFaultOptions { RateLimitNextRequests = 6, ServerErrorRate = 0.15, FailNextRequests = 2 };
        await using var org = await SyncOrg.StartAsync(stripeFaults, configureWorker: o => o.BackfillPageSize = 5);
        org.Salesforce.Faults.ErrorRate = 0.1;
        var expired = false;
        var progress = new SynchronousProgress<Backfill.BackfillProgress>(p =>
        {
            if (p.Finished >= 3 && !expired)
            {
                // Mid-backfill, every access token stops working: the client must log in again by itself.
                expired = true;
                org.Salesforce.Faults.ExpireSessions();
            }
        });

        var report = await org.Backfill.RunAsync(org.Connection, since: null, progress, TestCancellation.Token);

        output.WriteLine(report.ToString());
        Assert.True(expired);
        Assert.Equal(0, report.Parked);
        org.Salesforce.Faults.ErrorRate = 0;
        var orders = await org.ActivatedOrdersAsync();
        foreach (var description in DemoSeed.Synced.Append(DemoSeed.SyncedAmendment))
        {
            var records = await org.SyncRecordsAsync(orders[description]);
            Assert.Equal(SyncRecordStatus.Success, records.Last(r => r.Text("Resolution_Status__c") != SyncRecordStatus.Resolved).Text("Resolution_Status__c"));
            Assert.DoesNotContain(records, r => r.Text("Resolution_Status__c") == SyncRecordStatus.Error);
        }

        foreach (var (description, code) in DemoSeed.Refused)
        {
            Assert.Contains(await org.SyncRecordsAsync(orders[description]), r => r.Text("Error_Code__c") == code);
        }

        await org.AssertNoDuplicatesAsync("customers", "salesforce_account_id");
        await org.AssertNoDuplicatesAsync("products", "salesforce_product2_id");
        await org.AssertNoDuplicatesAsync("subscription_schedules", "salesforce_order_id");
    }
}
