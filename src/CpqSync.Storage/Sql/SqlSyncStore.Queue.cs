using System.Data.Common;

namespace CpqSync.Storage.Sql;

// Work item states: 'pending' (due at visible_at), 'leased' (until visible_at, then due again: the worker is presumed
// dead) and 'parked'. Finished items are deleted, so "an earlier item of my ordering key exists" means "not done yet".
internal sealed partial class SqlSyncStore
{
    internal const string WorkItemColumns =
        "id, connection_id, kind, object_name, record_id, ordering_key, payload, attempts, lease_token, visible_at, enqueued_at, last_error";

    private const string SameRecord =
        "connection_id = @connection AND kind = @kind AND object_name = @object AND record_id = @record";

    public Task<EnqueueResult> EnqueueAsync(NewWorkItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteAsync((db, tx) => EnqueueAsync(db, tx, item, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<EnqueueResult>> EnqueueBatchAsync(
        IReadOnlyList<NewWorkItem> items, ChangeCursor? advanceTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        return WriteAsync<IReadOnlyList<EnqueueResult>>(
            async (db, tx) =>
            {
                var results = new List<EnqueueResult>(items.Count);
                foreach (var item in items)
                {
                    results.Add(await EnqueueAsync(db, tx, item, cancellationToken).ConfigureAwait(false));
                }

                if (advanceTo is not null)
                {
                    await SaveCursorAsync(db, tx, advanceTo, cancellationToken).ConfigureAwait(false);
                }

                return results;
            },
            cancellationToken);
    }

    private async Task<EnqueueResult> EnqueueAsync(DbConnection db, DbTransaction tx, NewWorkItem item, CancellationToken cancellationToken)
    {
        (string, object?)[] record =
        [
            ("connection", Id(item.ConnectionId)), ("kind", item.Kind), ("object", item.ObjectName), ("record", item.RecordId),
        ];

        // A new change to a parked record (often the fix) brings that item back rather than queueing behind it.
        var revived = await db.ScalarAsync(
            tx,
            $"""
            UPDATE work_items SET state = 'pending', visible_at = @now, attempts = 0, parked_at = NULL, payload = @payload
            WHERE {SameRecord} AND state = 'parked'
            RETURNING id
            """,
            cancellationToken,
            [.. record, ("now", NowMs), ("payload", item.Payload)]).ConfigureAwait(false);
        if (revived is not null)
        {
            return new EnqueueResult(Convert.ToInt64(revived, System.Globalization.CultureInfo.InvariantCulture), Enqueued: true);
        }

        // The partial unique index on pending items is the de-duplication: no check-then-insert race.
        var inserted = await db.ScalarAsync(
            tx,
            """
            INSERT INTO work_items (connection_id, kind, object_name, record_id, ordering_key, payload, state, visible_at, attempts, enqueued_at)
            VALUES (@connection, @kind, @object, @record, @orderingKey, @payload, 'pending', @now, 0, @now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            cancellationToken,
            [.. record, ("orderingKey", item.EffectiveOrderingKey), ("payload", item.Payload), ("now", NowMs)]).ConfigureAwait(false);
        if (inserted is not null)
        {
            return new EnqueueResult(Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture), Enqueued: true);
        }

        var existing = await db.ScalarAsync(
            tx, $"SELECT id FROM work_items WHERE {SameRecord} AND state = 'pending'", cancellationToken, record).ConfigureAwait(false);
        return new EnqueueResult(Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture), Enqueued: false);
    }
}
