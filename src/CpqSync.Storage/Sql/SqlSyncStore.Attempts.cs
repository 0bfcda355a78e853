namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    public Task StartAttemptAsync(StripeWriteAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var creates = string.Join(' ', attempt.Creates.Order(StringComparer.Ordinal));
        return WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx,
                """
                INSERT INTO sync_attempts (connection_id, record_id, creates, started_at)
                VALUES (@connection, @record, @creates, @startedAt)
                ON CONFLICT (connection_id, record_id) DO UPDATE SET creates = sync_attempts.creates || ' ' || excluded.creates
                """,
                cancellationToken,
                ("connection", Id(attempt.ConnectionId)), ("record", attempt.RecordId), ("creates", creates),
                ("startedAt", Db.Ms(attempt.StartedAt))).ConfigureAwait(false),
            cancellationToken);
    }

    public Task FinishAttemptAsync(Guid connectionId, string recordId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx,
                "DELETE FROM sync_attempts WHERE connection_id = @connection AND record_id = @record",
                cancellationToken,
                ("connection", Id(connectionId)), ("record", recordId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<StripeWriteAttempt>> GetUnfinishedAttemptsAsync(Guid connectionId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<StripeWriteAttempt>>(
            async db => await db.QueryAsync(
                null,
                "SELECT connection_id, record_id, creates, started_at FROM sync_attempts WHERE connection_id = @connection ORDER BY started_at",
                r => new StripeWriteAttempt(Guid.Parse(r.GetString(0)), r.GetString(1),
                    r.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), r.Time(3)),
                cancellationToken,
                ("connection", Id(connectionId))).ConfigureAwait(false),
            cancellationToken);

    public Task<KnownStripeObject?> FindStripeObjectAsync(Guid connectionId, string stripeId, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                "SELECT connection_id, stripe_id, fields_hash, test_clock FROM stripe_objects WHERE connection_id = @connection AND stripe_id = @stripeId",
                r => new KnownStripeObject(Guid.Parse(r.GetString(0)), r.GetString(1), r.NullableString(2), r.NullableString(3)),
                cancellationToken,
                ("connection", Id(connectionId)), ("stripeId", stripeId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task RecordStripeObjectAsync(KnownStripeObject known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        return WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx,
                """
                INSERT INTO stripe_objects (connection_id, stripe_id, fields_hash, test_clock, updated_at)
                VALUES (@connection, @stripeId, @hash, @clock, @now)
                ON CONFLICT (connection_id, stripe_id) DO UPDATE SET
                  fields_hash = COALESCE(excluded.fields_hash, stripe_objects.fields_hash),
                  test_clock = COALESCE(excluded.test_clock, stripe_objects.test_clock),
                  updated_at = excluded.updated_at
                """,
                cancellationToken,
                ("connection", Id(known.ConnectionId)), ("stripeId", known.StripeId), ("hash", known.FieldsHash), ("clock", known.TestClock),
                ("now", NowMs)).ConfigureAwait(false),
            cancellationToken);
    }
}
