using System.Text.Json.Nodes;
using CpqSync.Engine.Tests.Support;
using CpqSync.Core.Planning;
using CpqSync.Engine.WriteBack;
using CpqSync.Stripe;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>
/// Write-backs of several orders sent together (a worker pass's <see cref="WriteBackBatch"/>) share their collections
/// and calls, and a record Salesforce refuses fails only the order that wrote it.
/// </summary>
public sealed class BatchedWriteBackTests
{
    [Fact]
    public async Task A_record_refused_inside_a_shared_collection_fails_only_the_order_that_wrote_it()
    {
        await using var stark = await WriteBackOrg.StartAsync();
        var acme = await WriteBackOrg.ForOrderAsync(stark.Org, (await stark.Org.ActivatedOrdersAsync())["Acme: platform, onboarding and API usage"]);
        var deleted = (await stark.Client.CreateAsync("Product2", new JsonObject { ["Name"] = "Retired add-on" }, TestCancellation.Token)).Id!;
        await stark.Client.DeleteAsync("Product2", deleted, TestCancellation.Token);
        var starkWrites = stark.SuccessWriteBacks();
        starkWrites.Add(WriteBackOrg.IdAndLink("Product2", deleted, "prod_gone", "products"));

        var before = stark.Org.Server.ApiUsage;
        var batch = new WriteBackBatch();
        Task<WriteBackReport> starkReport, acmeReport;
        using (WriteBackBatch.Use(batch))
        {
            starkReport = stark.WriteBack.RecordAppliedAsync(
                stark.Attempt(), new StripeApplyResult([], starkWrites, null), WriteBackOrg.Preferences, TestCancellation.Token);
            acmeReport = acme.WriteBack.RecordAppliedAsync(
                acme.Attempt(), new StripeApplyResult([], AcmeWrites(acme), null), WriteBackOrg.Preferences, TestCancellation.Token);
        }

        await DrainAsync(batch, starkReport, acmeReport);
        var calls = stark.Org.Server.ApiUsage - before;

        // Stark's refusal is Stark's alone, shown on its own Error row; Acme's write-back landed whole.
        var starkFailures = (await starkReport).Failures;
        Assert.True(starkFailures.Count == 1, string.Join("\n", starkFailures.Select(f => $"{f.SObjectType} {f.RecordId} {f.Operation}: {f.Describe()}")));
        var failure = starkFailures[0];
        Assert.Equal(("Product2", deleted, "update"), (failure.SObjectType, failure.RecordId, failure.Operation));
        Assert.Equal("ENTITY_IS_DELETED", Assert.Single(failure.Errors).ErrorCode);
        Assert.True((await acmeReport).Succeeded, string.Join("\n", (await acmeReport).Failures.Select(f => f.Describe())));
        Assert.Equal("sub_sched_1", (await stark.RetrieveAsync("Order", stark.OrderId, "Stripe_ID__c")).Text("Stripe_ID__c"));
        Assert.Equal("sub_sched_2", (await acme.RetrieveAsync("Order", acme.OrderId, "Stripe_ID__c")).Text("Stripe_ID__c"));
        Assert.Contains(await stark.SyncRecordsAsync(), r => r.Text("Secondary_Record_ID__c") == deleted && r.Text("Resolution_Status__c") == SyncRecordStatus.Error);
        Assert.DoesNotContain(await acme.SyncRecordsAsync(), r => r.Text("Resolution_Status__c") == SyncRecordStatus.Error);

        // Both orders' writes went out in one call (Stark's coupon copy is matched by a query of its own first), plus
        // Stark's second round for its Error row.
        Assert.Equal(1 + 1 + 1, calls);
    }

    /// <summary>Acme's own customer and schedule (ids of its own: <c>Stripe_ID__c</c> is unique), and its lines' ids.</summary>
    private static List<ResolvedSalesforceWrite> AcmeWrites(WriteBackOrg acme) =>
    [
        WriteBackOrg.IdAndLink("Account", acme.AccountId, "cus_acme", "customers"),
        WriteBackOrg.IdAndLink("Order", acme.OrderId, "sub_sched_2", "subscription_schedules"),
        .. acme.Lines.Select((line, i) => new ResolvedSalesforceWrite(
            SalesforceWriteKind.Update, "OrderItem", line["Id"]!.GetValue<string>(), [new("Stripe_ID__c", "price_acme_line_" + i)])),
    ];

    /// <summary>Flushes the batch as the worker does: whenever every sync still running waits for it.</summary>
    private static async Task DrainAsync(WriteBackBatch batch, params Task[] running)
    {
        while (running.Any(static t => !t.IsCompleted))
        {
            var changed = batch.Changed;
            var unfinished = running.Count(static t => !t.IsCompleted);
            if (batch.Waiting > 0 && batch.Waiting + batch.Flushing >= unfinished)
            {
                await batch.FlushAsync(TestCancellation.Token);
                continue;
            }

            await Task.WhenAny(running.Append(changed));
        }
    }
}
