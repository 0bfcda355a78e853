namespace CpqSync.Storage.Tests;

public abstract partial class StoreContract
{
    private SyncOutcome Outcome(Guid connectionId, string recordId, SyncStatus status, string objectType = "Order", string? code = null) =>
        new(connectionId, objectType, recordId, status, code, code is null ? null : $"Message for {code}",
            status == SyncStatus.Success ? ["sub_sched_1", "cus_1"] : [], Time.GetUtcNow().AddSeconds(-2), Time.GetUtcNow());

    [Fact]
    public async Task A_later_success_resolves_the_records_earlier_errors()
    {
        var connection = await CreateConnectionAsync();
        var error = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        var otherError = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));

        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);

        var recent = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(connection.Id), CancellationToken.None);
        Assert.Equal(
            [("801A", SyncStatus.Success), ("801B", SyncStatus.Error), ("801A", SyncStatus.Resolved)],
            recent.Select(o => (o.RecordId, o.Status)));
        Assert.Equal(["sub_sched_1", "cus_1"], recent[0].StripeIds);
        Assert.Equal(TimeSpan.FromSeconds(2), recent[0].Duration);
        Assert.Equal(error, recent[2].Id);
        Assert.Equal(otherError, recent[1].Id);
    }

    [Fact]
    public async Task Failed_records_are_those_whose_last_outcome_is_an_error_and_that_are_not_queued()
    {
        var connection = await CreateConnectionAsync();
        var other = await CreateConnectionAsync("Other org");
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801C", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801C", SyncStatus.Success), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801D", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801D", SyncStatus.Skipped), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801E", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.EnqueueAsync(Order(connection.Id, "801E"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "01tA", SyncStatus.Error, objectType: "Product2", code: "x"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(other.Id, "801F", SyncStatus.Error, code: "missing_price"), CancellationToken.None);

        var failed = await Store.GetFailedRecordsAsync(connection.Id, "Order", CancellationToken.None);

        // Oldest failure first, each record once; 801C succeeded and 801D was skipped since, 801E is queued.
        Assert.Equal(["801B", "801A"], failed.Distinct());
        Assert.Equal(2, failed.Count);
    }

    [Fact]
    public async Task Recent_outcomes_filter_by_object_status_and_date_and_page_backwards()
    {
        var connection = await CreateConnectionAsync();
        var start = Time.GetUtcNow();
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "01tA", SyncStatus.Success, objectType: "Product2"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Error, code: "invalid_quantity"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801C", SyncStatus.Skipped), CancellationToken.None);

        var orders = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(ObjectType: "Order"), CancellationToken.None);
        var errors = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(connection.Id, Status: SyncStatus.Error), CancellationToken.None);
        var lastHour = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(From: start.AddMinutes(30)), CancellationToken.None);
        var firstPage = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(Limit: 2), CancellationToken.None);
        var nextPage = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(Limit: 2, BeforeId: firstPage[^1].Id), CancellationToken.None);

        Assert.Equal(["801C", "801B", "801A"], orders.Select(o => o.RecordId));
        Assert.Equal(("801B", "invalid_quantity"), (Assert.Single(errors).RecordId, errors[0].ErrorCode));
        Assert.Equal(["801C", "801B", "01tA"], lastHour.Select(o => o.RecordId));
        Assert.Equal(["801C", "801B", "01tA", "801A"], firstPage.Concat(nextPage).Select(o => o.RecordId));
        Assert.Empty(await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(Guid.NewGuid()), CancellationToken.None));
        Assert.Equal(["801B"], (await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(RecordId: "801B"), CancellationToken.None)).Select(o => o.RecordId));
    }

    [Fact]
    public async Task Outcome_counts_fall_into_time_buckets_and_errors_count_by_code()
    {
        var connection = await CreateConnectionAsync();
        var hour = Time.GetUtcNow();
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(70));
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801C", SyncStatus.Error, code: "missing_price"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801D", SyncStatus.Error, code: "stripe_rate_limited"), CancellationToken.None);
        await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Success), CancellationToken.None);

        var buckets = await Monitor.GetOutcomeCountsAsync(connection.Id, hour, hour.AddHours(3), TimeSpan.FromHours(1), CancellationToken.None);
        var errors = await Monitor.GetErrorCountsAsync(null, hour, hour.AddHours(3), CancellationToken.None);

        Assert.Equal(
            [new OutcomeBucket(hour, 1, 0, 1, 0), new OutcomeBucket(hour.AddHours(1), 1, 2, 0, 0)],
            buckets);
        Assert.Equal(
            [new ErrorCodeCount("missing_price", 2, hour.AddMinutes(70)), new ErrorCodeCount("stripe_rate_limited", 1, hour.AddMinutes(70))],
            errors);
    }

    [Fact]
    public async Task Completing_or_failing_an_item_logs_its_outcome_in_the_same_step()
    {
        var connection = await CreateConnectionAsync();
        await Store.EnqueueAsync(Order(connection.Id, "801A"), CancellationToken.None);
        await Store.EnqueueAsync(Order(connection.Id, "801B"), CancellationToken.None);
        var leases = await LeaseAsync();

        await Store.CompleteAsync(leases[0], Outcome(connection.Id, "801A", SyncStatus.Success) with { WorkItemId = leases[0].ItemId }, CancellationToken.None);
        await Store.FailAsync(
            leases[1], Failure(null), Outcome(connection.Id, "801B", SyncStatus.Error, code: "stripe_unavailable"), CancellationToken.None);
        Time.Advance(Visibility * 2);
        var lost = await Store.CompleteAsync(leases[0], Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);

        Assert.False(lost);
        var logged = await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(connection.Id), CancellationToken.None);
        Assert.Equal([("801B", SyncStatus.Error), ("801A", SyncStatus.Success)], logged.Select(o => (o.RecordId, o.Status)));
        Assert.Equal(leases[0].ItemId, logged[1].WorkItemId);
    }

    [Fact]
    public async Task Retention_deletes_old_outcomes_but_keeps_those_not_yet_written_back()
    {
        var connection = await CreateConnectionAsync();
        var written = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);
        var unwritten = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801B", SyncStatus.Success), CancellationToken.None);
        await Store.MarkWrittenBackAsync([new WrittenBack(written, "a0X000000000001AAA")], CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(31));
        var recent = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801C", SyncStatus.Skipped), CancellationToken.None);

        Assert.Equal(1, await Store.DeleteOutcomesBeforeAsync(Time.GetUtcNow().AddDays(-30), CancellationToken.None));

        Assert.Equal([recent, unwritten], (await Monitor.GetRecentOutcomesAsync(new OutcomeQuery(), CancellationToken.None)).Select(o => o.Id));
    }

    [Fact]
    public async Task Outcomes_await_write_back_until_marked_and_again_once_resolved()
    {
        var connection = await CreateConnectionAsync();
        var error = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Error, code: "missing_price"), CancellationToken.None);

        var pending = await Store.GetPendingWriteBacksAsync(connection.Id, 10, CancellationToken.None);
        await Store.MarkWrittenBackAsync([new WrittenBack(error, "a0X000000000001AAA")], CancellationToken.None);
        var afterWrite = await Store.GetPendingWriteBacksAsync(connection.Id, 10, CancellationToken.None);
        var success = await Store.RecordOutcomeAsync(Outcome(connection.Id, "801A", SyncStatus.Success), CancellationToken.None);
        var afterResolve = await Store.GetPendingWriteBacksAsync(connection.Id, 10, CancellationToken.None);

        Assert.Equal([error], pending.Select(o => o.Id));
        Assert.Empty(afterWrite);
        Assert.Equal([(error, SyncStatus.Resolved, "a0X000000000001AAA"), (success, SyncStatus.Success, (string?)null)],
            afterResolve.Select(o => (o.Id, o.Status, o.SalesforceSyncRecordId)));
    }
}
