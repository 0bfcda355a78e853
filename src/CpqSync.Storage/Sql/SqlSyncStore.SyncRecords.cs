namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    public Task<IReadOnlyList<SyncRecordRow>?> GetSyncRecordRowsAsync(Guid connectionId, string primaryId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SyncRecordRow>?>(
            async db =>
            {
                // Records synced before migration 11 are unknown until one write-back has read their rows.
                var unknown = await db.QueryAsync(
                    null,
                    "SELECT primary_id FROM sync_records_unknown WHERE connection_id = @connection AND primary_id = @primary",
                    static r => r.GetString(0),
                    cancellationToken,
                    ("connection", Id(connectionId)), ("primary", primaryId)).ConfigureAwait(false);
                if (unknown.Count > 0)
                {
                    return null;
                }

                return await db.QueryAsync(
                    null,
                    """
                    SELECT primary_id, compound_id, salesforce_id, status, completed_at FROM sync_record_rows
                    WHERE connection_id = @connection AND primary_id = @primary
                    """,
                    static r => new SyncRecordRow(r.GetString(0), r.GetString(1), r.NullableString(2), r.GetString(3), r.GetString(4)),
                    cancellationToken,
                    ("connection", Id(connectionId)), ("primary", primaryId)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task SaveSyncRecordRowsAsync(
        Guid connectionId, string primaryId, IReadOnlyList<SyncRecordRow> rows, IReadOnlyList<string> removedCompoundIds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(removedCompoundIds);
        return WriteAsync(
            async (db, tx) =>
            {
                var connection = Id(connectionId);
                foreach (var compoundId in removedCompoundIds)
                {
                    await db.ExecuteAsync(
                        tx,
                        "DELETE FROM sync_record_rows WHERE connection_id = @connection AND compound_id = @compound",
                        cancellationToken,
                        ("connection", connection), ("compound", compoundId)).ConfigureAwait(false);
                }

                foreach (var row in rows)
                {
                    await db.ExecuteAsync(
                        tx,
                        """
                        INSERT INTO sync_record_rows (connection_id, primary_id, compound_id, salesforce_id, status, completed_at)
                        VALUES (@connection, @primary, @compound, @salesforceId, @status, @completedAt)
                        ON CONFLICT (connection_id, compound_id) DO UPDATE SET
                          primary_id = excluded.primary_id,
                          salesforce_id = COALESCE(excluded.salesforce_id, sync_record_rows.salesforce_id),
                          status = excluded.status,
                          completed_at = excluded.completed_at
                        """,
                        cancellationToken,
                        ("connection", connection), ("primary", row.PrimaryId), ("compound", row.CompoundId), ("salesforceId", row.SalesforceId),
                        ("status", row.Status), ("completedAt", row.CompletedAt)).ConfigureAwait(false);
                }

                return await db.ExecuteAsync(
                    tx,
                    "DELETE FROM sync_records_unknown WHERE connection_id = @connection AND primary_id = @primary",
                    cancellationToken,
                    ("connection", connection), ("primary", primaryId)).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
