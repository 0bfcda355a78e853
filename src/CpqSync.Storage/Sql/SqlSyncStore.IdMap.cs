using System.Data.Common;

namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    internal const string MappingColumns = "connection_id, salesforce_object, salesforce_id, stripe_object, stripe_id, content_hash, synced_at";

    public Task<IdMapResult> MapAsync(IdMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return WriteAsync(
            async (db, tx) =>
            {
                // The primary key and the unique Stripe id decide who wins a race; checking first would race.
                var inserted = await db.ExecuteAsync(
                    tx,
                    $"""
                    INSERT INTO id_map ({MappingColumns})
                    VALUES (@connection, @sfObject, @sfId, @stripeObject, @stripeId, @hash, @syncedAt)
                    ON CONFLICT DO NOTHING
                    """,
                    cancellationToken,
                    ("connection", Id(mapping.ConnectionId)), ("sfObject", mapping.SalesforceObject), ("sfId", mapping.SalesforceId),
                    ("stripeObject", mapping.StripeObject), ("stripeId", mapping.StripeId), ("hash", mapping.ContentHash),
                    ("syncedAt", Db.Ms(mapping.SyncedAt))).ConfigureAwait(false);
                if (inserted == 1)
                {
                    return new IdMapResult(mapping, Created: true);
                }

                var existing = await db.QueryAsync(
                    tx,
                    $"""
                    SELECT {MappingColumns} FROM id_map
                    WHERE connection_id = @connection
                      AND ((salesforce_object = @sfObject AND salesforce_id = @sfId AND stripe_object = @stripeObject)
                        OR (stripe_object = @stripeObject AND stripe_id = @stripeId))
                    ORDER BY CASE WHEN salesforce_id = @sfId THEN 0 ELSE 1 END
                    """,
                    ReadMapping,
                    cancellationToken,
                    ("connection", Id(mapping.ConnectionId)), ("sfObject", mapping.SalesforceObject), ("sfId", mapping.SalesforceId),
                    ("stripeObject", mapping.StripeObject), ("stripeId", mapping.StripeId)).ConfigureAwait(false);
                return new IdMapResult(existing[0], Created: false);
            },
            cancellationToken);
    }

    public Task<IdMapping?> FindMappingAsync(
        Guid connectionId, string salesforceObject, string salesforceId, string stripeObject, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                $"""
                SELECT {MappingColumns} FROM id_map
                WHERE connection_id = @connection AND salesforce_object = @sfObject AND salesforce_id = @sfId AND stripe_object = @stripeObject
                """,
                ReadMapping,
                cancellationToken,
                ("connection", Id(connectionId)), ("sfObject", salesforceObject), ("sfId", salesforceId), ("stripeObject", stripeObject))
                .ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IdMapping?> FindMappingByStripeIdAsync(
        Guid connectionId, string stripeObject, string stripeId, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                $"SELECT {MappingColumns} FROM id_map WHERE connection_id = @connection AND stripe_object = @stripeObject AND stripe_id = @stripeId",
                ReadMapping,
                cancellationToken,
                ("connection", Id(connectionId)), ("stripeObject", stripeObject), ("stripeId", stripeId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<bool> RecordSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, string stripeObject, string contentHash,
        CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) => await db.ExecuteAsync(
                tx,
                """
                UPDATE id_map SET content_hash = @hash, synced_at = @now
                WHERE connection_id = @connection AND salesforce_object = @sfObject AND salesforce_id = @sfId AND stripe_object = @stripeObject
                """,
                cancellationToken,
                ("hash", contentHash), ("now", NowMs), ("connection", Id(connectionId)), ("sfObject", salesforceObject),
                ("sfId", salesforceId), ("stripeObject", stripeObject)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<SyncedContentHash?> FindSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                """
                SELECT content_hash, refused_with FROM synced_content
                WHERE connection_id = @connection AND salesforce_object = @sfObject AND salesforce_id = @sfId
                """,
                static r => new SyncedContentHash(r.GetString(0), r.NullableString(1)),
                cancellationToken,
                ("connection", Id(connectionId)), ("sfObject", salesforceObject), ("sfId", salesforceId)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task SaveSyncedContentAsync(
        Guid connectionId, string salesforceObject, string salesforceId, SyncedContentHash? content, CancellationToken cancellationToken) =>
        WriteAsync(
            async (db, tx) => content is null
                ? await db.ExecuteAsync(
                    tx,
                    "DELETE FROM synced_content WHERE connection_id = @connection AND salesforce_object = @sfObject AND salesforce_id = @sfId",
                    cancellationToken,
                    ("connection", Id(connectionId)), ("sfObject", salesforceObject), ("sfId", salesforceId)).ConfigureAwait(false)
                : await db.ExecuteAsync(
                    tx,
                    """
                    INSERT INTO synced_content (connection_id, salesforce_object, salesforce_id, content_hash, refused_with, synced_at)
                    VALUES (@connection, @sfObject, @sfId, @hash, @refused, @now)
                    ON CONFLICT (connection_id, salesforce_object, salesforce_id) DO UPDATE
                    SET content_hash = excluded.content_hash, refused_with = excluded.refused_with, synced_at = excluded.synced_at
                    """,
                    cancellationToken,
                    ("connection", Id(connectionId)), ("sfObject", salesforceObject), ("sfId", salesforceId), ("hash", content.Hash),
                    ("refused", content.RefusedWith), ("now", NowMs)).ConfigureAwait(false),
            cancellationToken);

    internal static IdMapping ReadMapping(DbDataReader r) => new(
        Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.NullableString(5), r.Time(6));
}
