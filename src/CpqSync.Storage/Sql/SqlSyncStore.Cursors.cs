using System.Data.Common;
using System.Text.Json;

namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    public Task<ChangeCursor?> GetCursorAsync(Guid connectionId, string objectName, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                "SELECT high_water_mark, ids_at_high_water_mark FROM change_cursors WHERE connection_id = @connection AND object_name = @object",
                r => new ChangeCursor(
                    connectionId, objectName, r.Time(0), JsonSerializer.Deserialize<List<string>>(r.GetString(1)) ?? []),
                cancellationToken,
                ("connection", Id(connectionId)), ("object", objectName)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task SaveCursorAsync(ChangeCursor cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return WriteAsync((db, tx) => SaveCursorAsync(db, tx, cursor, cancellationToken), cancellationToken);
    }

    private Task<int> SaveCursorAsync(DbConnection db, DbTransaction tx, ChangeCursor cursor, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            tx,
            """
            INSERT INTO change_cursors (connection_id, object_name, high_water_mark, ids_at_high_water_mark, updated_at)
            VALUES (@connection, @object, @mark, @ids, @now)
            ON CONFLICT (connection_id, object_name) DO UPDATE
            SET high_water_mark = excluded.high_water_mark, ids_at_high_water_mark = excluded.ids_at_high_water_mark,
                updated_at = excluded.updated_at
            """,
            cancellationToken,
            ("connection", Id(cursor.ConnectionId)), ("object", cursor.ObjectName), ("mark", Db.Ms(cursor.HighWaterMark)),
            ("ids", JsonSerializer.Serialize(cursor.IdsAtHighWaterMark)), ("now", NowMs));
}
