using System.Collections.Concurrent;

namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(2);

    private static NewWorkItem Order(Guid connectionId, string orderId, string? contract = null) =>
        new(connectionId, "sync", "Order", orderId, contract);

    private Task<IReadOnlyList<WorkLease>> LeaseAsync(int max = 10, string worker = "worker-1") =>
        Store.LeaseAsync(new LeaseRequest(worker, max, Visibility), CancellationToken.None);

    [Fact]
    public async Task An_order_already_waiting_is_not_queued_twice()
    {
        var connection = await CreateConnectionAsync();

        var first = await Store.EnqueueAsync(Order(connection.Id, "801A") with { Payload = """{"reason":"activated"}""" }, CancellationToken.None);
        var second = await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var other = await Store.EnqueueAsync(Order(connection.Id, "801B"), CancellationToken.None);

        Assert.True(first.Enqueued);
        Assert.False(second.Enqueued);
        Assert.Equal("""{"reason":"activated"}""", Assert.Single(await LeaseAsync(max: 1)).Payload);
        Assert.Equal(first.ItemId, second.ItemId);
        Assert.True(other.Enqueued);
        var queue = await Monitor.GetQueueSummaryAsync(connection.Id, CancellationToken.None);
        Assert.Equal((1, 1), (queue.Pending, queue.Leased));
    }

    [Fact]
    public async Task Workers_queueing_one_order_at_once_queue_it_once()
    {
        var connection = await CreateConnectionAsync();
        var workers = Enumerable.Range(0, 4).Select(_ => Open(Options)).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(
            () => workers[i % workers.Count].Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None))));

        Assert.Single(results, r => r.Enqueued);
        Assert.Single(results.Select(r => r.ItemId).Distinct());
        Assert.Equal(1, (await Monitor.GetQueueSummaryAsync(connection.Id, CancellationToken.None)).Pending);
    }

    [Fact]
    public async Task One_poll_queues_its_records_and_moves_the_cursor_together()
    {
        var connection = await CreateConnectionAsync();
        var mark = new DateTimeOffset(2026, 3, 2, 8, 59, 0, TimeSpan.Zero);
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);

        var results = await Store.EnqueueBatchAsync(
            [Order(connection.Id, "801A"), Order(connection.Id, "801B"), Order(connection.Id, "801C")],
            new ChangeCursor(connection.Id, "Order", mark, ["801B", "801C"]),
            CancellationToken.None);

        Assert.Equal([false, true, true], results.Select(r => r.Enqueued));
        Assert.Equal(3, (await Monitor.GetQueueSummaryAsync(connection.Id, CancellationToken.None)).Pending);
        Assert.Equal(mark, (await Store.GetCursorAsync(connection.Id, "Order", CancellationToken.None))!.HighWaterMark);
    }

    [Fact]
    public async Task A_change_during_processing_queues_the_record_again_behind_the_running_item()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var running = Assert.Single(await LeaseAsync());

        var requeued = await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);

        Assert.True(requeued.Enqueued);
        Assert.Empty(await LeaseAsync());
        Assert.True(await Store.CompleteAsync(running, null, CancellationToken.None));
        Assert.Equal(requeued.ItemId, Assert.Single(await LeaseAsync()).ItemId);
    }

    [Fact]
    public async Task Items_of_one_contract_are_leased_one_at_a_time_in_order()
    {
        var connection = await CreateConnectionAsync();
        var original = await Store.EnqueueAsync(Order(connection.Id, "801A", contract: "800K"), CancellationToken.None);
        var amendment = await Store.EnqueueAsync(Order(connection.Id, "801B", contract: "800K"), CancellationToken.None);
        var otherAccount = await Store.EnqueueAsync(Order(connection.Id, "801C", contract: "800L"), CancellationToken.None);

        var firstRound = await LeaseAsync();
        Assert.Equal([original.ItemId, otherAccount.ItemId], firstRound.Select(l => l.ItemId));
        Assert.Empty(await LeaseAsync(worker: "worker-2"));

        await Store.CompleteAsync(firstRound[0], null, CancellationToken.None);
        var secondRound = await LeaseAsync(worker: "worker-2");
        Assert.Equal(amendment.ItemId, Assert.Single(secondRound).ItemId);
        Assert.Equal("800K", secondRound[0].OrderingKey);
    }

    [Fact]
    public async Task A_crashed_workers_items_come_back_after_the_visibility_timeout()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var crashed = Assert.Single(await LeaseAsync(worker: "crashed"));

        Time.Advance(Visibility - TimeSpan.FromSeconds(1));
        Assert.Empty(await LeaseAsync(worker: "survivor"));
        Time.Advance(TimeSpan.FromSeconds(1));
        var retaken = Assert.Single(await LeaseAsync(worker: "survivor"));

        Assert.Equal(crashed.ItemId, retaken.ItemId);
        Assert.Equal(2, retaken.Attempt);
        Assert.False(await Store.CompleteAsync(crashed, null, CancellationToken.None));
        Assert.Equal(WorkFailureResult.LeaseLost, await Store.FailAsync(crashed, Failure(null), null, CancellationToken.None));
        Assert.True(await Store.CompleteAsync(retaken, null, CancellationToken.None));
        Assert.Equal(0, (await Monitor.GetQueueSummaryAsync(null, CancellationToken.None)).Leased);
    }

    [Fact]
    public async Task A_renewed_lease_keeps_the_item()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var lease = Assert.Single(await LeaseAsync());

        Time.Advance(Visibility - TimeSpan.FromSeconds(10));
        Assert.True(await Store.RenewLeaseAsync(lease, Visibility, CancellationToken.None));
        Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(await LeaseAsync(worker: "worker-2"));
    }

    [Fact]
    public async Task A_failed_item_returns_at_its_retry_time_then_parks_after_the_last_attempt()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A", contract: "800K"), CancellationToken.None);
        await Store.EnqueueAsync(Order(connection.Id, "801B", contract: "800K"), CancellationToken.None);

        var first = Assert.Single(await LeaseAsync());
        Assert.Equal(WorkFailureResult.RetryScheduled,
            await Store.FailAsync(first, Failure(Time.GetUtcNow().AddMinutes(5)), null, CancellationToken.None));
        Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await LeaseAsync());
        Time.Advance(TimeSpan.FromMinutes(1));
        var second = Assert.Single(await LeaseAsync());
        Assert.Equal((first.ItemId, 2, "Stripe answered 503"), (second.ItemId, second.Attempt, second.LastError));

        Assert.Equal(WorkFailureResult.Parked,
            await Store.FailAsync(second, Failure(Time.GetUtcNow().AddMinutes(5)), null, CancellationToken.None));
        Time.Advance(TimeSpan.FromHours(1));

        // The amendment waits behind its parked original: a contract's orders never apply out of order.
        Assert.Empty(await LeaseAsync());
        var parked = Assert.Single(await Monitor.GetParkedItemsAsync(connection.Id, 10, CancellationToken.None));
        Assert.Equal(("801A", 2, "stripe_unavailable", "Stripe answered 503"), (parked.RecordId, parked.Attempts, parked.ErrorCode, parked.Error));
        Assert.Equal(new QueueSummary(1, 0, 1, 0, parked.EnqueuedAt), await Monitor.GetQueueSummaryAsync(connection.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Retry_all_failed_brings_parked_items_back_with_fresh_attempts()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        await Store.EnqueueAsync(Order(connection.Id, "801B"), CancellationToken.None);
        foreach (var lease in await LeaseAsync())
        {
            await Store.FailAsync(lease, Failure(retryAt: null), null, CancellationToken.None);
        }

        Assert.Equal(2, await Store.RetryParkedAsync(connection.Id, CancellationToken.None));

        var again = await LeaseAsync();
        Assert.Equal(2, again.Count);
        Assert.All(again, l => Assert.Equal(1, l.Attempt));
        Assert.Empty(await Monitor.GetParkedItemsAsync(connection.Id, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_change_to_a_parked_record_brings_it_back()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var lease = Assert.Single(await LeaseAsync());
        await Store.FailAsync(lease, Failure(retryAt: null), null, CancellationToken.None);

        var revived = await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);

        Assert.Equal((lease.ItemId, true), (revived.ItemId, revived.Enqueued));
        Assert.Equal(1, Assert.Single(await LeaseAsync()).Attempt);
    }

    [Fact]
    public async Task Workers_leasing_at_once_never_get_the_same_item()
    {
        var connection = await CreateConnectionAsync();
        for (var i = 0; i < 60; i++)
        {
            await Store.EnqueueAsync(Order(connection.Id, $"801{i:D3}"), CancellationToken.None);
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Open(Options)).ToList();
        var taken = new ConcurrentBag<long>();
        await Task.WhenAll(workers.Select((worker, n) => Task.Run(async () =>
        {
            while (true)
            {
                var leases = await worker.Store.LeaseAsync(new LeaseRequest($"worker-{n}", 3, Visibility), CancellationToken.None);
                if (leases.Count == 0)
                {
                    return;
                }

                foreach (var lease in leases)
                {
                    taken.Add(lease.ItemId);
                    Assert.True(await worker.Store.CompleteAsync(lease, null, CancellationToken.None));
                }
            }
        })));

        Assert.Equal(60, taken.Count);
        Assert.Equal(60, taken.Distinct().Count());
    }

    [Fact]
    public async Task An_item_whose_workers_keep_dying_is_parked_instead_of_handed_out_again()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        var request = new LeaseRequest("worker", 10, Visibility, ParkAfterAttempts: 2);

        Assert.Single(await Store.LeaseAsync(request, CancellationToken.None));
        Time.Advance(Visibility);
        Assert.Single(await Store.LeaseAsync(request, CancellationToken.None));
        Time.Advance(Visibility);

        Assert.Empty(await Store.LeaseAsync(request, CancellationToken.None));
        var parked = Assert.Single(await Monitor.GetParkedItemsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("lease_expired", 2), (parked.ErrorCode, parked.Attempts));
    }

    [Fact]
    public async Task Parallel_workers_keep_each_contracts_orders_in_sequence()
    {
        var connection = await CreateConnectionAsync();
        var expected = new Dictionary<string, List<long>>();
        for (var i = 0; i < 40; i++)
        {
            var contract = $"800K{i % 5}";
            var item = await Store.EnqueueAsync(Order(connection.Id, $"801{i:D3}", contract), CancellationToken.None);
            expected.TryAdd(contract, []);
            expected[contract].Add(item.ItemId);
        }

        var workers = Enumerable.Range(0, 4).Select(_ => Open(Options)).ToList();
        var running = new ConcurrentDictionary<string, long>();
        var done = new ConcurrentDictionary<string, ConcurrentQueue<long>>();
        var overlaps = 0;
        var completed = 0;
        await Task.WhenAll(workers.Select((worker, n) => Task.Run(async () =>
        {
            // Empty leases are normal here: the next item of every contract may be running on another worker.
            while (Volatile.Read(ref completed) < 40)
            {
                var leases = await worker.Store.LeaseAsync(new LeaseRequest($"worker-{n}", 2, Visibility), CancellationToken.None);
                if (leases.Count == 0)
                {
                    await Task.Yield();
                    continue;
                }

                foreach (var lease in leases)
                {
                    if (!running.TryAdd(lease.OrderingKey, lease.ItemId))
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    done.GetOrAdd(lease.OrderingKey, _ => new ConcurrentQueue<long>()).Enqueue(lease.ItemId);
                    running.TryRemove(lease.OrderingKey, out _);
                    Assert.True(await worker.Store.CompleteAsync(lease, null, CancellationToken.None));
                    Interlocked.Increment(ref completed);
                }
            }
        })));

        Assert.Equal(0, overlaps);
        Assert.Equal(expected.OrderBy(e => e.Key).Select(e => e.Value), done.OrderBy(d => d.Key).Select(d => d.Value.ToList()));
    }

    private static WorkFailure Failure(DateTimeOffset? retryAt) => new("stripe_unavailable", "Stripe answered 503", retryAt, MaxAttempts: 2);
}
