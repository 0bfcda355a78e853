using Avro.Generic;
using Avro.IO;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.PubSub;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

/// <summary>
/// The org serves transactions side by side on per-record locks: writes to different records do not wait for each
/// other, reads never wait and see committed data only, writes to one record run one after the other (and fail with
/// UNABLE_TO_LOCK_ROW after Salesforce's 10 seconds), change events follow commit order, and CPQ's automation stays
/// consistent. A transaction is held in progress (its work blocks until released) to prove what does not wait for it,
/// and a waiting transaction reports itself through the org's lock-wait hook, so nothing is timed.
/// </summary>
public sealed class RecordLockingTests
{
    /// <summary>Only a guard against a hang failing as a hang: the tests never wait for it to pass.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Writes_to_other_records_go_ahead_while_a_transaction_is_held_in_progress()
    {
        var (org, _) = NewOrg();
        var a = Account(org, "A");
        var b = Account(org, "B");
        using var held = new HeldTransaction(org, () => org.Update("Account", a, Json("""{"Name":"A2"}""")));
        await held.Entered.WaitAsync(Guard);

        await Task.Run(() => org.Update("Account", b, Json("""{"Name":"B2"}"""))).WaitAsync(Guard);
        var c = await Task.Run(() => Account(org, "C")).WaitAsync(Guard);

        Assert.False(held.Completion.IsCompleted, "the held transaction finished while held");
        Assert.Equal("A", org.Find(a)!["Name"]);
        Assert.Equal("B2", org.Find(b)!["Name"]);
        Assert.Equal("C", org.Find(c)!["Name"]);
        held.Release();
        await held.Completion.WaitAsync(Guard);
        Assert.Equal("A2", org.Find(a)!["Name"]);
    }

    [Fact]
    public async Task Readers_never_wait_for_a_held_transaction_and_see_none_of_it_until_it_commits()
    {
        var (org, _) = NewOrg();
        var (_, entry) = Product(org);
        var account = Account(org, "Before");
        var order = DraftOrder(org, account);
        Line(org, order, entry, quantity: 1, price: 5m);
        using var held = new HeldTransaction(org, () =>
        {
            org.Update("Account", account, Json("""{"Name":"After"}"""));
            Account(org, "New");
            Line(org, order, entry, quantity: 1, price: 7m);
        });
        await held.Entered.WaitAsync(Guard);

        // The same records the held transaction changed and locked: readers do not wait, and see the last commit.
        var (name, accounts, lines, total) = await Task.Run(() => org.Snapshot(() => (
            org.Find(account)!["Name"],
            org.Records("Account", includeDeleted: false).Count(),
            org.Children("OrderItem", "OrderId", order, includeDeleted: false).Count(),
            org.Find(order)!["TotalAmount"]))).WaitAsync(Guard);

        Assert.Equal(((object?)"Before", 1, 1, (object?)5m), (name, accounts, lines, total));
        held.Release();
        await held.Completion.WaitAsync(Guard);
        Assert.Equal("After", org.Find(account)!["Name"]);
        Assert.Equal(2, org.Records("Account", includeDeleted: false).Count());
        Assert.Equal(12m, org.Find(order)!["TotalAmount"]);
    }

    [Fact]
    public async Task Two_writes_to_one_record_run_one_after_the_other_and_both_changes_are_kept()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var waiting = WaitingFor(org, account);
        using var held = new HeldTransaction(org, () => org.Update("Account", account, Json("""{"Description":"first"}""")));
        await held.Entered.WaitAsync(Guard);

        var second = Task.Run(() => org.Update("Account", account, Json("""{"Phone":"555-0100"}""")));
        await waiting.Task.WaitAsync(Guard);

        Assert.False(second.IsCompleted, "the second write finished while the first held the record");
        held.Release();
        await Task.WhenAll(held.Completion, second).WaitAsync(Guard);
        var record = org.Find(account)!;
        Assert.Equal(("first", "555-0100"), (record["Description"], record["Phone"]));
    }

    [Fact]
    public async Task A_write_that_waits_ten_seconds_for_a_held_record_fails_with_UNABLE_TO_LOCK_ROW()
    {
        var (org, time) = NewOrg();
        var account = Account(org);
        var waiting = WaitingFor(org, account);
        using var held = new HeldTransaction(org, () => org.Update("Account", account, Json("""{"Description":"held"}""")));
        await held.Entered.WaitAsync(Guard);

        var second = Task.Run(() => org.Update("Account", account, Json("""{"Description":"waited"}""")));
        await waiting.Task.WaitAsync(Guard);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(second.IsCompleted, "the waiting write gave up before 10 seconds");
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<SalesforceErrorException>(() => second.WaitAsync(Guard));
        Assert.Equal("UNABLE_TO_LOCK_ROW", error.ErrorCode);
        Assert.Contains(account, error.Message, StringComparison.Ordinal);
        held.Release();
        await held.Completion.WaitAsync(Guard);
        Assert.Equal("held", org.Find(account)!["Description"]);
    }

    [Fact]
    public async Task A_rolled_back_transaction_is_never_seen_even_while_it_runs()
    {
        var (org, _) = NewOrg();
        var account = Account(org, "Before");
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var gate = new ManualResetEventSlim(false);
        org.CommitHook = _ =>
        {
            entered.TrySetResult();
            gate.Wait();
        };
        var failing = Task.Run(() => org.Transaction(tx =>
        {
            org.Update("Account", account, Json("""{"Name":"After"}"""));
            Account(org, "Partial");
            tx.MarkRollback();
            return 0;
        }));
        await entered.Task.WaitAsync(Guard);

        var seen = await Task.Run(() => org.Snapshot(() => org.Records("Account", includeDeleted: true).Select(r => (string)r["Name"]!).ToList()))
            .WaitAsync(Guard);

        Assert.Equal(["Before"], seen);
        org.CommitHook = null;
        gate.Set();
        await failing.WaitAsync(Guard);
        Assert.Equal(["Before"], org.Records("Account", includeDeleted: true).Select(r => (string)r["Name"]!));
    }

    [Fact]
    public async Task Change_events_follow_commit_order_one_per_committed_change_under_concurrent_writers()
    {
        var (org, time) = NewOrg();
        var catalog = new ChangeEventCatalog(org.Schema);
        var bus = new ChangeEventBus(time, TimeSpan.FromDays(3));
        org.ChangeCapture = new ChangeCapture(catalog, bus, time, () => org.Info.ApiUser.Id, overflowThreshold: 100_000);
        var accounts = Enumerable.Range(0, 8).Select(i => Account(org, $"Writer {i}")).ToList();
        var start = bus.Latest;
        const int writes = 25;

        await Task.WhenAll(accounts.Select(account => Task.Run(() =>
        {
            for (var i = 0; i < writes; i++)
            {
                org.Update("Account", account, Json($$"""{"Description":"{{i}}"}"""));
            }
        }))).WaitAsync(Guard);

        var events = bus.Read(start, _ => true, int.MaxValue).Select(e => (e.ReplayId, Header: Decode(catalog, e))).ToList();
        Assert.Equal(accounts.Count * writes, events.Count);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.ReplayId < p.Second.ReplayId), "replay ids do not grow");
        var commits = events.Select(e => (long)e.Header.Header["commitNumber"]).ToList();
        Assert.True(commits.Zip(commits.Skip(1)).All(p => p.First < p.Second), "events are not in commit order");
        foreach (var account in accounts)
        {
            // Each record's changes arrive in the order they were committed, each once.
            var descriptions = events.Where(e => ((object[])e.Header.Header["recordIds"]).Single() as string == account)
                .Select(e => e.Header.Record["Description"] as string).ToList();
            Assert.Equal(Enumerable.Range(0, writes).Select(i => $"{i}"), descriptions);
            Assert.Equal($"{writes - 1}", org.Find(account)!["Description"]);
        }
    }

    [Fact]
    public async Task Quotes_ordered_concurrently_twice_each_make_one_order_apiece_with_their_lines_and_distinct_numbers()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var (product, entry) = Product(org, price: 100m);
        var quotes = Enumerable.Range(0, 6).Select(_ => Quote(org, account, product, entry, lines: 2)).ToList();
        var other = DraftOrder(org, account);

        await Task.WhenAll(quotes.SelectMany(quote => Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
                org.Update("SBQQ__Quote__c", quote, Json("""{"SBQQ__Ordered__c":true}""")))))
            .Append(Task.Run(() =>
            {
                for (var i = 0; i < 10; i++)
                {
                    Line(org, other, entry, quantity: 1, price: 1m);
                }
            }))).WaitAsync(Guard);

        var orders = quotes.Select(quote => Assert.Single(org.Children("Order", "SBQQ__Quote__c", quote, includeDeleted: false))).ToList();
        Assert.All(orders, order =>
        {
            Assert.Equal(2, org.Children("OrderItem", "OrderId", order.Id, includeDeleted: false).Count());
            Assert.Equal(600m, order["TotalAmount"]);
        });
        Assert.Equal(orders.Count + 1, org.Records("Order", includeDeleted: false).Select(o => o["OrderNumber"]).Distinct().Count());
        Assert.Equal(10m, org.Find(other)!["TotalAmount"]);

        foreach (var order in orders)
        {
            org.Update("Order", order.Id, Json("""{"Status":"Activated"}"""));
        }

        await Task.WhenAll(orders.SelectMany(order => Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            org.Update("Order", order.Id, Json("""{"SBQQ__Contracted__c":true}""")))))).WaitAsync(Guard);

        var contracts = orders.Select(order => Assert.Single(org.Children("Contract", "SBQQ__Order__c", order.Id, includeDeleted: false))).ToList();
        Assert.Equal(contracts.Count, contracts.Select(c => c["ContractNumber"]).Distinct().Count());
        Assert.All(contracts, contract =>
        {
            var subscriptions = org.Children("SBQQ__Subscription__c", "SBQQ__Contract__c", contract.Id, includeDeleted: false).ToList();
            Assert.Equal(2, subscriptions.Count);
            Assert.All(subscriptions, s => Assert.Equal(s.Id, org.Find((string)s["SBQQ__OrderProduct__c"]!)!["SBQQ__Subscription__c"]));
        });
    }

    private static string Quote(SalesforceOrg org, string account, string product, string entry, int lines)
    {
        var quote = org.Create("SBQQ__Quote__c", Json($$"""
            {"SBQQ__Account__c":"{{account}}","SBQQ__StartDate__c":"2026-04-01","SBQQ__SubscriptionTerm__c":12,
             "SBQQ__PricebookId__c":"{{org.Info.StandardPricebookId}}"}
            """));
        for (var i = 0; i < lines; i++)
        {
            org.Create("SBQQ__QuoteLine__c", Json($$"""
                {"SBQQ__Quote__c":"{{quote}}","SBQQ__Product__c":"{{product}}","SBQQ__PricebookEntryId__c":"{{entry}}","SBQQ__Quantity__c":1,
                 "SBQQ__ListPrice__c":100,"SBQQ__NetPrice__c":300,"SBQQ__BillingFrequency__c":"Monthly","SBQQ__ChargeType__c":"Recurring",
                 "SBQQ__SubscriptionPricing__c":"Fixed Price"}
                """));
        }

        return quote;
    }

    /// <summary>Completes once a transaction starts waiting for <paramref name="id"/>.</summary>
    private static TaskCompletionSource WaitingFor(SalesforceOrg org, string id)
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        org.LockWaitHook = locked =>
        {
            if (locked == id)
            {
                waiting.TrySetResult();
            }
        };
        return waiting;
    }

    private static (GenericRecord Record, GenericRecord Header) Decode(ChangeEventCatalog catalog, BusEvent e)
    {
        var schema = catalog.FindSchema(e.SchemaId)!.Avro;
        var record = new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(new MemoryStream(e.Payload)));
        return (record, (GenericRecord)record["ChangeEventHeader"]);
    }

    /// <summary>Runs a transaction on its own thread and holds it, its work done and not yet committed, until released.</summary>
    private sealed class HeldTransaction : IDisposable
    {
        private readonly ManualResetEventSlim _gate = new(false);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldTransaction(SalesforceOrg org, Action work) =>
            Completion = Task.Run(() => org.Transaction(_ =>
            {
                work();
                _entered.TrySetResult();
                _gate.Wait();
                return 0;
            }));

        public Task Entered => _entered.Task;

        public Task Completion { get; }

        public void Release() => _gate.Set();

        public void Dispose()
        {
            _gate.Set();
            // Waits for the transaction to end (however it ends) before the gate it may still be leaving goes.
            Task.WhenAny(Completion).Wait(Guard);
            _gate.Dispose();
        }
    }
}
