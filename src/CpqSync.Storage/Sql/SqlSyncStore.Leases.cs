using System.Data.Common;

namespace CpqSync.Storage.Sql;

// Leases: a due item is handed to one worker until visible_at; the lease token proves ownership on complete and fail.
internal sealed partial class SqlSyncStore
{
    /// <summary>Due items whose ordering key has no earlier unfinished item, oldest first (aliased <c>w</c>).</summary>
    internal const string DueItemsSql =
        """
        SELECT w.id FROM work_items w
        WHERE w.state IN ('pending', 'leased') AND w.visible_at <= @now {0}
          AND NOT EXISTS (
            SELECT 1 FROM work_items b
            WHERE b.connection_id = w.connection_id AND b.ordering_key = w.ordering_key AND b.id < w.id)
        ORDER BY w.id
        LIMIT @max
        """;

    private const string SetLeased =
        "state = 'leased', visible_at = @until, attempts = attempts + 1, lease_token = @token, leased_by = @worker";

    public Task<IReadOnlyList<WorkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(request.VisibilityTimeout, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var due = string.Format(
            System.Globalization.CultureInfo.InvariantCulture, DueItemsSql, request.ConnectionId is null ? "" : "AND w.connection_id = @connection");
        List<(string, object?)> parameters =
        [
            ("now", Db.Ms(now)), ("max", request.MaxItems), ("until", Db.Ms(now + request.VisibilityTimeout)),
            ("token", Guid.NewGuid().ToString("D")), ("worker", request.WorkerId),
        ];
        if (request.ConnectionId is { } connectionId)
        {
            parameters.Add(("connection", Id(connectionId)));
        }

        return WriteAsync<IReadOnlyList<WorkLease>>(
            async (db, tx) =>
            {
                if (request.ParkAfterAttempts is { } maxAttempts)
                {
                    await ParkAbandonedAsync(db, tx, now, maxAttempts, cancellationToken).ConfigureAwait(false);
                }

                return (await db.QueryAsync(tx, _dialect.LeaseSql(due, SetLeased), ReadLease, cancellationToken, [.. parameters])
                    .ConfigureAwait(false)).OrderBy(l => l.ItemId).ToList();
            },
            cancellationToken);
    }

    public Task<bool> RenewLeaseAsync(WorkLease lease, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx,
                "UPDATE work_items SET visible_at = @until WHERE id = @id AND lease_token = @token AND state = 'leased'",
                cancellationToken,
                ("until", Db.Ms(_time.GetUtcNow() + visibilityTimeout)), ("id", lease.ItemId), ("token", lease.LeaseToken.ToString("D")))
                .ConfigureAwait(false) == 1,
            cancellationToken);
    }

    public Task<bool> CompleteAsync(WorkLease lease, SyncOutcome? outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return WriteAsync(
            async (db, tx) =>
            {
                var deleted = await db.ExecuteAsync(
                    tx, "DELETE FROM work_items WHERE id = @id AND lease_token = @token AND state = 'leased'", cancellationToken,
                    ("id", lease.ItemId), ("token", lease.LeaseToken.ToString("D"))).ConfigureAwait(false);
                if (deleted == 0)
                {
                    return false;
                }

                if (outcome is not null)
                {
                    await InsertOutcomeAsync(db, tx, outcome, cancellationToken).ConfigureAwait(false);
                }

                return true;
            },
            cancellationToken);
    }

    public Task<WorkFailureResult> FailAsync(WorkLease lease, WorkFailure failure, SyncOutcome? outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(failure);
        return WriteAsync(
            async (db, tx) =>
            {
                // A no-op update rather than a SELECT: on PostgreSQL it locks the row until commit, so a worker re-leasing an
                // expired item cannot slip in between this check and the writes below.
                var attempts = await db.ScalarAsync(
                    tx,
                    "UPDATE work_items SET leased_by = leased_by WHERE id = @id AND lease_token = @token AND state = 'leased' RETURNING attempts",
                    cancellationToken,
                    ("id", lease.ItemId), ("token", lease.LeaseToken.ToString("D"))).ConfigureAwait(false);
                if (attempts is null)
                {
                    return WorkFailureResult.LeaseLost;
                }

                // A change that arrived while this item ran is folded into it: the retry reads the record's current state,
                // and keeping the older item keeps its place in its ordering key's line.
                await db.ExecuteAsync(
                    tx, $"DELETE FROM work_items WHERE {SameRecord} AND state = 'pending'", cancellationToken,
                    ("connection", Id(lease.ConnectionId)), ("kind", lease.Kind), ("object", lease.ObjectName), ("record", lease.RecordId))
                    .ConfigureAwait(false);

                var park = failure.RetryAt is null
                    || Convert.ToInt64(attempts, System.Globalization.CultureInfo.InvariantCulture) >= failure.MaxAttempts;
                await db.ExecuteAsync(
                    tx,
                    park
                        ? """
                          UPDATE work_items SET state = 'parked', parked_at = @now, visible_at = @now, lease_token = NULL, leased_by = NULL,
                                 error_code = @code, last_error = @error
                          WHERE id = @id
                          """
                        : """
                          UPDATE work_items SET state = 'pending', visible_at = @retryAt, lease_token = NULL, leased_by = NULL,
                                 error_code = @code, last_error = @error
                          WHERE id = @id
                          """,
                    cancellationToken,
                    ("now", NowMs), ("retryAt", failure.RetryAt is { } at ? Db.Ms(at) : NowMs), ("code", failure.ErrorCode),
                    ("error", failure.Message), ("id", lease.ItemId)).ConfigureAwait(false);

                if (outcome is not null)
                {
                    await InsertOutcomeAsync(db, tx, outcome, cancellationToken).ConfigureAwait(false);
                }

                return park ? WorkFailureResult.Parked : WorkFailureResult.RetryScheduled;
            },
            cancellationToken);
    }

    public Task<int> RetryParkedAsync(Guid connectionId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) =>
            {
                // A pending duplicate of a parked item would break the one-pending-per-record index: the parked (older) one stays.
                await db.ExecuteAsync(
                    tx,
                    """
                    DELETE FROM work_items
                    WHERE connection_id = @connection AND state = 'pending' AND EXISTS (
                      SELECT 1 FROM work_items p
                      WHERE p.state = 'parked' AND p.connection_id = work_items.connection_id AND p.kind = work_items.kind
                        AND p.object_name = work_items.object_name AND p.record_id = work_items.record_id)
                    """,
                    cancellationToken,
                    ("connection", Id(connectionId))).ConfigureAwait(false);
                return await db.ExecuteAsync(
                    tx,
                    "UPDATE work_items SET state = 'pending', visible_at = @now, attempts = 0, parked_at = NULL WHERE connection_id = @connection AND state = 'parked'",
                    cancellationToken,
                    ("now", NowMs), ("connection", Id(connectionId))).ConfigureAwait(false);
            },
            cancellationToken);

    // An item whose lease keeps expiring is likely what kills its workers: park it rather than hand it out forever.
    private static Task<int> ParkAbandonedAsync(
        DbConnection db, DbTransaction tx, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            tx,
            """
            UPDATE work_items SET state = 'parked', parked_at = @now, lease_token = NULL, leased_by = NULL,
                   error_code = 'lease_expired', last_error = @error
            WHERE state = 'leased' AND visible_at <= @now AND attempts >= @max
            """,
            cancellationToken,
            ("now", Db.Ms(now)), ("max", maxAttempts),
            ("error", $"The item's lease expired on each of {maxAttempts} attempts: the workers running it stopped or hung."));

    private static WorkLease ReadLease(DbDataReader r) => new(
        r.Int64(0),
        Guid.Parse(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.NullableString(6),
        (int)r.Int64(7),
        Guid.Parse(r.GetString(8)),
        r.Time(9),
        r.Time(10),
        r.NullableString(11));
}
