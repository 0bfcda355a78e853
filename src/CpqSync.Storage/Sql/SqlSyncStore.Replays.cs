namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore
{
    public Task<ReplayPosition?> GetReplayPositionAsync(Guid connectionId, string topic, CancellationToken cancellationToken) =>
        ReadAsync(
            async db => (await db.QueryAsync(
                null,
                "SELECT replay_id, read_up_to FROM change_event_replays WHERE connection_id = @connection AND topic = @topic",
                r => new ReplayPosition(connectionId, topic, Convert.FromBase64String(r.GetString(0)), r.Time(1)),
                cancellationToken,
                ("connection", Id(connectionId)), ("topic", topic)).ConfigureAwait(false)).FirstOrDefault(),
            cancellationToken);

    public Task<IReadOnlyList<EnqueueResult>> EnqueueEventsAsync(
        IReadOnlyList<NewWorkItem> items, ReplayPosition advanceTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(advanceTo);
        return WriteAsync<IReadOnlyList<EnqueueResult>>(
            async (db, tx) =>
            {
                var results = new List<EnqueueResult>(items.Count);
                foreach (var item in items)
                {
                    results.Add(await EnqueueAsync(db, tx, item, cancellationToken).ConfigureAwait(false));
                }

                await db.ExecuteAsync(
                    tx,
                    """
                    INSERT INTO change_event_replays (connection_id, topic, replay_id, read_up_to)
                    VALUES (@connection, @topic, @replay, @readUpTo)
                    ON CONFLICT (connection_id, topic) DO UPDATE
                    SET replay_id = excluded.replay_id, read_up_to = excluded.read_up_to
                    """,
                    cancellationToken,
                    ("connection", Id(advanceTo.ConnectionId)), ("topic", advanceTo.Topic),
                    ("replay", Convert.ToBase64String(advanceTo.ReplayId.Span)), ("readUpTo", Db.Ms(advanceTo.ReadUpTo))).ConfigureAwait(false);
                return results;
            },
            cancellationToken);
    }
}
