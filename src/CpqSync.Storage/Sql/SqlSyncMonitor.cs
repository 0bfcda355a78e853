using System.Data.Common;
using System.Text;

namespace CpqSync.Storage.Sql;

/// <summary><see cref="ISyncMonitor"/>: read-only queries for the dashboard and <c>cpqsync status</c>.</summary>
internal sealed class SqlSyncMonitor : ISyncMonitor
{
    private readonly SqlDialect _dialect;

    public SqlSyncMonitor(SqlDialect dialect) => _dialect = dialect;

    public Task<IReadOnlyList<SyncOutcomeEntry>> GetRecentOutcomesAsync(OutcomeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {SqlSyncStore.OutcomeColumns} FROM sync_outcomes WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        void Filter(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            parameters.Add((name, value));
        }

        if (query.ConnectionId is { } connectionId)
        {
            Filter("connection_id = @connection", "connection", connectionId.ToString("D"));
        }

        if (query.ObjectType is { } objectType)
        {
            Filter("object_type = @objectType", "objectType", objectType);
        }

        if (query.RecordId is { } recordId)
        {
            Filter("record_id = @record", "record", recordId);
        }

        if (query.Status is { } status)
        {
            Filter("status = @status", "status", status.ToString());
        }

        if (query.From is { } from)
        {
            Filter("finished_at >= @from", "from", Db.Ms(from));
        }

        if (query.To is { } to)
        {
            Filter("finished_at < @to", "to", Db.Ms(to));
        }

        if (query.BeforeId is { } beforeId)
        {
            Filter("id < @beforeId", "beforeId", beforeId);
        }

        if (query.AfterId is { } afterId)
        {
            Filter("id > @afterId", "afterId", afterId);
        }

        sql.Append(query.AfterId is null ? " ORDER BY id DESC LIMIT @limit" : " ORDER BY id LIMIT @limit");
        parameters.Add(("limit", Math.Clamp(query.Limit, 1, 1000)));
        return ReadAsync<IReadOnlyList<SyncOutcomeEntry>>(
            async db => await db.QueryAsync(null, sql.ToString(), SqlSyncStore.ReadOutcome, cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<OutcomeBucket>> GetOutcomeCountsAsync(
        Guid? connectionId, DateTimeOffset from, DateTimeOffset to, TimeSpan bucketSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSize, TimeSpan.FromMilliseconds(1));
        var (where, parameters) = Period(connectionId, from, to);
        parameters.Add(("bucket", (long)bucketSize.TotalMilliseconds));
        var sql = $"""
            SELECT (finished_at / @bucket) * @bucket AS bucket_start,
                   SUM(CASE WHEN status = 'Success' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'Error' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'Resolved' THEN 1 ELSE 0 END),
                   SUM(CASE WHEN status = 'Skipped' THEN 1 ELSE 0 END)
            FROM sync_outcomes WHERE {where}
            GROUP BY (finished_at / @bucket) * @bucket
            ORDER BY bucket_start
            """;
        return ReadAsync<IReadOnlyList<OutcomeBucket>>(
            async db => await db.QueryAsync(
                null, sql, r => new OutcomeBucket(r.Time(0), r.Int64(1), r.Int64(2), r.Int64(3), r.Int64(4)), cancellationToken, [.. parameters])
                .ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<ErrorCodeCount>> GetErrorCountsAsync(
        Guid? connectionId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var (where, parameters) = Period(connectionId, from, to);
        var sql = $"""
            SELECT COALESCE(error_code, 'unknown') AS code, COUNT(*) AS occurrences, MAX(finished_at)
            FROM sync_outcomes WHERE {where} AND status IN ('Error', 'Resolved')
            GROUP BY COALESCE(error_code, 'unknown')
            ORDER BY occurrences DESC, code
            """;
        return ReadAsync<IReadOnlyList<ErrorCodeCount>>(
            async db => await db.QueryAsync(
                null, sql, r => new ErrorCodeCount(r.GetString(0), r.Int64(1), r.Time(2)), cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public async Task<QueueSummary> GetQueueSummaryAsync(Guid? connectionId, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT
              SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END),
              SUM(CASE WHEN state = 'leased' THEN 1 ELSE 0 END),
              SUM(CASE WHEN state = 'parked' THEN 1 ELSE 0 END),
              SUM(CASE WHEN state = 'pending' AND attempts > 0 THEN 1 ELSE 0 END),
              MIN(CASE WHEN state = 'pending' THEN enqueued_at END)
            FROM work_items {(connectionId is null ? "" : "WHERE connection_id = @connection")}
            """;
        (string, object?)[] parameters = connectionId is { } id ? [("connection", id.ToString("D"))] : [];
        var rows = await ReadAsync(
            db => db.QueryAsync(
                null, sql,
                r => new QueueSummary(Count(r, 0), Count(r, 1), Count(r, 2), Count(r, 3), r.NullableTime(4)),
                cancellationToken, parameters),
            cancellationToken).ConfigureAwait(false);
        return rows[0];
    }

    public Task<IReadOnlyList<SyncOutcomeEntry>> GetLastOutcomesAsync(
        Guid connectionId, string objectType, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        if (recordIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SyncOutcomeEntry>>([]);
        }

        var (list, parameters) = InList(recordIds);
        parameters.Add(("connection", connectionId.ToString("D")));
        parameters.Add(("objectType", objectType));
        // A record's last outcome is its highest id (sync_outcomes_record finds each record's rows).
        var sql = $"""
            SELECT {SqlSyncStore.OutcomeColumns} FROM sync_outcomes WHERE id IN (
              SELECT MAX(id) FROM sync_outcomes
              WHERE connection_id = @connection AND object_type = @objectType AND record_id IN ({list})
              GROUP BY record_id)
            """;
        return ReadAsync<IReadOnlyList<SyncOutcomeEntry>>(
            async db => await db.QueryAsync(null, sql, SqlSyncStore.ReadOutcome, cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<QueuedRecord>> GetQueuedRecordsAsync(
        Guid connectionId, string objectName, IReadOnlyCollection<string> recordIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        if (recordIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<QueuedRecord>>([]);
        }

        var (list, parameters) = InList(recordIds);
        parameters.Add(("connection", connectionId.ToString("D")));
        parameters.Add(("objectName", objectName));
        // The lease rule (SqlSyncStore.LeaseAsync): an item waits behind any unfinished earlier item of its ordering key.
        var sql = $"""
            SELECT w.record_id, w.state, w.error_code,
                   (SELECT p.record_id FROM work_items p
                    WHERE p.connection_id = w.connection_id AND p.ordering_key = w.ordering_key AND p.state = 'parked' AND p.id < w.id
                    ORDER BY p.id LIMIT 1)
            FROM work_items w
            WHERE w.connection_id = @connection AND w.object_name = @objectName AND w.record_id IN ({list})
            ORDER BY w.id
            """;
        return ReadAsync<IReadOnlyList<QueuedRecord>>(
            async db => await db.QueryAsync(
                null, sql, static r => new QueuedRecord(r.GetString(0), r.GetString(1), r.NullableString(2), r.NullableString(3)),
                cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<IReadOnlyList<IdMapping>> FindMappingsByStripeIdAsync(Guid connectionId, string stripeId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<IdMapping>>(
            async db => await db.QueryAsync(
                null,
                $"SELECT {SqlSyncStore.MappingColumns} FROM id_map WHERE connection_id = @connection AND stripe_id = @stripeId",
                SqlSyncStore.ReadMapping,
                cancellationToken,
                ("connection", connectionId.ToString("D")), ("stripeId", stripeId)).ConfigureAwait(false),
            cancellationToken);

    public Task<IReadOnlyList<ParkedWorkItem>> GetParkedItemsAsync(Guid? connectionId, int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT id, connection_id, kind, object_name, record_id, attempts, error_code, last_error, enqueued_at, parked_at
            FROM work_items WHERE state = 'parked' {(connectionId is null ? "" : "AND connection_id = @connection")}
            ORDER BY parked_at DESC, id DESC LIMIT @limit
            """;
        List<(string, object?)> parameters = [("limit", Math.Clamp(limit, 1, 1000))];
        if (connectionId is { } id)
        {
            parameters.Add(("connection", id.ToString("D")));
        }

        return ReadAsync<IReadOnlyList<ParkedWorkItem>>(
            async db => await db.QueryAsync(
                null, sql,
                r => new ParkedWorkItem(
                    r.Int64(0), Guid.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), (int)r.Int64(5),
                    r.NullableString(6), r.NullableString(7), r.Time(8), r.Time(9)),
                cancellationToken, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    /// <summary>A parameter list for <c>IN (…)</c>: <c>@r0, @r1, …</c>.</summary>
    private static (string List, List<(string, object?)> Parameters) InList(IReadOnlyCollection<string> values)
    {
        var parameters = values.Select((v, i) => ("r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)v)).ToList();
        return (string.Join(", ", parameters.Select(p => "@" + p.Item1)), parameters);
    }

    private static long Count(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? 0 : reader.Int64(ordinal);

    private static (string Where, List<(string, object?)> Parameters) Period(Guid? connectionId, DateTimeOffset from, DateTimeOffset to)
    {
        var where = "finished_at >= @from AND finished_at < @to";
        List<(string, object?)> parameters = [("from", Db.Ms(from)), ("to", Db.Ms(to))];
        if (connectionId is { } id)
        {
            where += " AND connection_id = @connection";
            parameters.Add(("connection", id.ToString("D")));
        }

        return (where, parameters);
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }
}
