using System.Data.Common;
using System.Text.Json;

namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    internal const string OutcomeColumns =
        "id, connection_id, object_type, record_id, status, error_code, message, stripe_ids, started_at, finished_at, work_item_id, attempt, " +
        "salesforce_sync_record_id, awaiting_write_back";

    public Task<long> RecordOutcomeAsync(SyncOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return WriteAsync((db, tx) => InsertOutcomeAsync(db, tx, outcome, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<SyncOutcomeEntry>> GetPendingWriteBacksAsync(Guid connectionId, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SyncOutcomeEntry>>(
            async db => await db.QueryAsync(
                null,
                $"SELECT {OutcomeColumns} FROM sync_outcomes WHERE connection_id = @connection AND awaiting_write_back = 1 ORDER BY id LIMIT @limit",
                ReadOutcome,
                cancellationToken,
                ("connection", Id(connectionId)), ("limit", limit)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<string>> GetFailedRecordsAsync(Guid connectionId, string objectName, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(
            async db => await db.QueryAsync(
                null,
                // A record's last outcome is its highest id; a later success has already turned its errors into Resolved.
                """
                SELECT o.record_id FROM sync_outcomes o
                WHERE o.connection_id = @connection AND o.object_type = @object AND o.status = 'Error'
                  AND NOT EXISTS (
                    SELECT 1 FROM sync_outcomes later
                    WHERE later.connection_id = o.connection_id AND later.object_type = o.object_type AND later.record_id = o.record_id
                      AND later.id > o.id)
                  AND NOT EXISTS (
                    SELECT 1 FROM work_items w
                    WHERE w.connection_id = o.connection_id AND w.object_name = o.object_type AND w.record_id = o.record_id)
                ORDER BY o.id
                """,
                static r => r.GetString(0),
                cancellationToken,
                ("connection", Id(connectionId)), ("object", objectName)).ConfigureAwait(false),
            cancellationToken);

    public Task<int> DeleteOutcomesBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(
            (db, tx) => db.ExecuteAsync(
                tx, "DELETE FROM sync_outcomes WHERE finished_at < @before AND awaiting_write_back = 0", cancellationToken,
                ("before", Db.Ms(before))),
            cancellationToken);

    public Task MarkWrittenBackAsync(IReadOnlyList<WrittenBack> writtenBack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writtenBack);
        return WriteAsync(
            async (db, tx) =>
            {
                foreach (var item in writtenBack)
                {
                    await db.ExecuteAsync(
                        tx,
                        "UPDATE sync_outcomes SET awaiting_write_back = 0, salesforce_sync_record_id = @syncRecord WHERE id = @id",
                        cancellationToken,
                        ("syncRecord", item.SalesforceSyncRecordId), ("id", item.OutcomeId)).ConfigureAwait(false);
                }

                return writtenBack.Count;
            },
            cancellationToken);
    }

    private async Task<long> InsertOutcomeAsync(DbConnection db, DbTransaction tx, SyncOutcome outcome, CancellationToken cancellationToken)
    {
        (string, object?)[] record =
        [
            ("connection", Id(outcome.ConnectionId)), ("objectType", outcome.ObjectType), ("record", outcome.RecordId),
        ];
        var id = Convert.ToInt64(
            await db.ScalarAsync(
                tx,
                """
                INSERT INTO sync_outcomes (connection_id, object_type, record_id, status, error_code, message, stripe_ids,
                                           started_at, finished_at, work_item_id, attempt, awaiting_write_back)
                VALUES (@connection, @objectType, @record, @status, @code, @message, @stripeIds, @startedAt, @finishedAt, @workItem, @attempt, 1)
                RETURNING id
                """,
                cancellationToken,
                [
                    .. record, ("status", outcome.Status.ToString()), ("code", outcome.ErrorCode), ("message", outcome.Message),
                    ("stripeIds", JsonSerializer.Serialize(outcome.StripeIds)), ("startedAt", Db.Ms(outcome.StartedAt)),
                    ("finishedAt", Db.Ms(outcome.FinishedAt)), ("workItem", outcome.WorkItemId), ("attempt", outcome.Attempt),
                ]).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);

        if (outcome.Status == SyncStatus.Success)
        {
            // An error becomes Resolved when a later sync of the record succeeds (and its Sync Record is updated).
            await db.ExecuteAsync(
                tx,
                """
                UPDATE sync_outcomes SET status = 'Resolved', awaiting_write_back = 1
                WHERE connection_id = @connection AND object_type = @objectType AND record_id = @record AND status = 'Error' AND id < @id
                """,
                cancellationToken,
                [.. record, ("id", id)]).ConfigureAwait(false);
        }

        return id;
    }

    internal static SyncOutcomeEntry ReadOutcome(DbDataReader r) => new(
        r.Int64(0),
        Guid.Parse(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        Enum.Parse<SyncStatus>(r.GetString(4)),
        r.NullableString(5),
        r.NullableString(6),
        JsonSerializer.Deserialize<List<string>>(r.GetString(7)) ?? [],
        r.Time(8),
        r.Time(9),
        r.IsDBNull(10) ? null : r.Int64(10),
        (int)r.Int64(11),
        r.NullableString(12),
        r.Int64(13) != 0);
}
