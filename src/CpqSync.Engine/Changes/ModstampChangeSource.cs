using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;
using CpqSync.Engine.WriteBack;
using CpqSync.Salesforce;
using CpqSync.Storage;

namespace CpqSync.Engine.Changes;

/// <summary>
/// Change detection by <c>SystemModstamp</c>. Each poll reads changed orders and changed order lines (an edit to a
/// line does not touch its order's modstamp) in one composite request, so an idle org costs one API call per poll.
/// </summary>
/// <remarks>
/// The two reads cannot be one query: Salesforce refuses a semi-join (<c>Id IN (SELECT OrderId FROM OrderItem …)</c>)
/// under <c>OR</c>. Each read keeps its own cursor (<c>Order</c>, <c>OrderItem</c>) and re-reads from
/// <see cref="ChangePollingOptions.Overlap"/> before it, for changes committed late with an earlier modstamp. Records
/// seen at the cursor instant are skipped (they are stored in the cursor); records seen earlier in the overlap are
/// skipped while this process remembers them, so after a restart they may be queued once more. Salesforce stamps to
/// the second, so only records read at least <see cref="ChangePollingOptions.SettleDelay"/> after their instant are
/// skipped later: a record read sooner may change again with the same stamp, and is queued again rather than missed.
/// Duplicates are absorbed by the sync's idempotency. Polls of one instance must not overlap (the poller runs them in turn).
/// </remarks>
public sealed partial class ModstampChangeSource : IChangeSource
{
    /// <summary>What the queued work items ask the engine to do.</summary>
    public const string SyncKind = "sync";

    private const string OrderObject = "Order";
    private const string LineObject = "OrderItem";

    private readonly SalesforceClient _client;
    private readonly ISyncStore _store;
    private readonly Guid _connectionId;
    private readonly OrderSyncConditions _conditions;
    private readonly ChangePollingOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<(string Source, string Id), DateTimeOffset> _recentlySeen = [];
    private readonly WriteBackEchoes? _echoes;

    /// <param name="echoes">How CpqSync's own write-backs left orders and lines: rows that still read so are not changes.</param>
    public ModstampChangeSource(
        SalesforceClient client, ISyncStore store, Guid connectionId, OrderSyncConditions conditions, ChangePollingOptions options, TimeProvider time,
        WriteBackEchoes? echoes = null)
    {
        _echoes = echoes;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _connectionId = connectionId;
        _conditions = conditions ?? throw new ArgumentNullException(nameof(conditions));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public async Task<ChangePoll> PollAsync(CancellationToken cancellationToken)
    {
        var sources = new[]
        {
            new Source(OrderObject, WithEchoFields(OrderObject, "Id", "ContractId", "SystemModstamp"), _conditions.ForOrder()),
            new Source(LineObject, WithEchoFields(LineObject, "Id", "OrderId", "Order.ContractId", "SystemModstamp"), _conditions.ForOrderItem()),
        };
        foreach (var source in sources)
        {
            source.Cursor = await _store.GetCursorAsync(_connectionId, source.ObjectName, cancellationToken).ConfigureAwait(false);
        }

        var calls = 1;
        var firstPages = await ReadFirstPagesAsync(sources, cancellationToken).ConfigureAwait(false);
        var queued = new List<DetectedChange>();
        var orderIds = new HashSet<string>(StringComparer.Ordinal);
        var settledBefore = _time.GetUtcNow() - _options.SettleDelay;
        foreach (var (source, page) in sources.Zip(firstPages))
        {
            var rows = page;
            while (rows.Count == _options.PageSize)
            {
                // A full page: there may be more, read after the last row (keyset paging, stable under ties).
                var last = rows[^1];
                source.Rows.AddRange(rows);
                calls++;
                var next = await _client.QueryPageAsync(source.NextPage(last, _options.PageSize), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                rows = next.Records.Select(r => Row.Read(source.ObjectName, r)).ToList();
            }

            source.Rows.AddRange(rows);
            queued.AddRange(await EnqueueAsync(source, orderIds, settledBefore, cancellationToken).ConfigureAwait(false));
        }

        return new ChangePoll(queued, calls);
    }

    private async Task<List<List<Row>>> ReadFirstPagesAsync(Source[] sources, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var requests = sources
            .Select(s => new CompositeSubrequest(
                HttpMethod.Get,
                "query?q=" + Uri.EscapeDataString(s.FirstPage(Since(s.Cursor, now), _options.PageSize).Text),
                s.ObjectName))
            .ToList();
        var responses = await _client.CompositeAsync(requests, allOrNone: false, cancellationToken).ConfigureAwait(false);
        var pages = new List<List<Row>>();
        foreach (var (source, response) in sources.Zip(responses))
        {
            if (!response.IsSuccess || response.Body is not JsonObject body)
            {
                throw (Exception?)response.Error ?? new InvalidOperationException($"Salesforce answered the {source.ObjectName} change query with no records.");
            }

            pages.Add((body["records"] as JsonArray ?? []).OfType<JsonObject>().Select(r => Row.Read(source.ObjectName, r)).ToList());
        }

        return pages;
    }

    private DateTimeOffset Since(ChangeCursor? cursor, DateTimeOffset now) => (cursor?.HighWaterMark ?? now) - _options.Overlap;

    /// <param name="orderIds">Orders already queued by this poll (an order and its line may both have changed).</param>
    /// <param name="settledBefore">Instants before this can no longer receive changes with the same stamp.</param>
    private async Task<IReadOnlyList<DetectedChange>> EnqueueAsync(
        Source source, HashSet<string> orderIds, DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        var cursor = source.Cursor;
        if (source.Rows.Count == 0)
        {
            if (cursor is null)
            {
                // Remember where live sync started, so a later poll resumes from here rather than from its own "now".
                var start = new ChangeCursor(_connectionId, source.ObjectName, _time.GetUtcNow() - _options.Overlap, []);
                await _store.EnqueueBatchAsync([], start, cancellationToken).ConfigureAwait(false);
            }

            return [];
        }

        var fresh = new List<DetectedChange>();
        foreach (var row in source.Rows)
        {
            var seenAtCursor = cursor is not null && row.Modstamp == cursor.HighWaterMark && cursor.IdsAtHighWaterMark.Contains(row.Id);
            var seenRecently = _recentlySeen.TryGetValue((source.ObjectName, row.Id), out var seen) && seen == row.Modstamp;
            // CpqSync's own write-back, unchanged since: syncing it again would only re-read what was just written.
            var echo = _echoes?.IsEcho(source.ObjectName, row.Record) == true;
            if (!seenAtCursor && !seenRecently && !echo && orderIds.Add(row.OrderId))
            {
                fresh.Add(new DetectedChange(row.OrderId, row.ContractId, row.Modstamp));
            }
        }

        var highWaterMark = source.Rows.Max(r => r.Modstamp);
        var idsAtMark = highWaterMark < settledBefore ? source.Rows.Where(r => r.Modstamp == highWaterMark).Select(r => r.Id) : [];
        if (cursor is not null && cursor.HighWaterMark == highWaterMark)
        {
            idsAtMark = idsAtMark.Concat(cursor.IdsAtHighWaterMark);
        }

        var advanced = new ChangeCursor(_connectionId, source.ObjectName, highWaterMark, idsAtMark.Distinct(StringComparer.Ordinal).ToList());
        if (fresh.Count == 0 && cursor is not null && SamePlace(cursor, advanced))
        {
            // Only records already seen, re-read by the overlap: nothing to write.
            Remember(source, highWaterMark, settledBefore);
            return [];
        }

        var items = fresh
            .Select(c => new NewWorkItem(_connectionId, SyncKind, OrderObject, c.OrderId, OrderingKey: c.ContractId))
            .ToList();
        await _store.EnqueueBatchAsync(items, advanced, cancellationToken).ConfigureAwait(false);
        Remember(source, highWaterMark, settledBefore);
        return fresh;
    }

    /// <summary>The fields a poll reads: <paramref name="fields"/>, and those that tell a row from its write-back's echo when echoes are dropped.</summary>
    private string[] WithEchoFields(string objectName, params string[] fields) =>
        _echoes is null ? fields : [.. fields.Union(WriteBackEchoes.Fields(objectName), StringComparer.OrdinalIgnoreCase)];

    private static bool SamePlace(ChangeCursor a, ChangeCursor b) =>
        a.HighWaterMark == b.HighWaterMark && a.IdsAtHighWaterMark.ToHashSet(StringComparer.Ordinal).SetEquals(b.IdsAtHighWaterMark);

    private void Remember(Source source, DateTimeOffset highWaterMark, DateTimeOffset settledBefore)
    {
        foreach (var row in source.Rows.Where(r => r.Modstamp < settledBefore))
        {
            _recentlySeen[(source.ObjectName, row.Id)] = row.Modstamp;
        }

        var forgetBefore = highWaterMark - _options.Overlap;
        foreach (var key in _recentlySeen.Where(e => e.Key.Source == source.ObjectName && e.Value < forgetBefore).Select(e => e.Key).ToList())
        {
            _recentlySeen.Remove(key);
        }
    }
}
