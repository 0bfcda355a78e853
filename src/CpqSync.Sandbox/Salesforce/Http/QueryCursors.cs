using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// Open query results served in batches: the first page comes with the query, the rest through
/// <c>nextRecordsUrl</c> = <c>/services/data/vNN.0/query/01g…-2000</c> (locator id, dash, offset of the next batch).
/// </summary>
internal sealed class QueryCursors
{
    public const int DefaultBatchSize = 2000;
    public const int MinBatchSize = 200;

    // Salesforce keeps a limited number of open cursors per user; the oldest go first.
    private const int MaxOpenCursors = 500;

    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonObject>> _cursors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _sequence;

    /// <summary>Clamps a requested batch size to Salesforce's 200..2000.</summary>
    public static int BatchSize(int? requested) => Math.Clamp(requested ?? DefaultBatchSize, MinBatchSize, DefaultBatchSize);

    public JsonObject FirstPage(IReadOnlyList<JsonObject> records, int batchSize, string version)
    {
        if (records.Count <= batchSize)
        {
            return Page(records, 0, records.Count, null);
        }

        var locator = SalesforceId.Create("01g", Interlocked.Increment(ref _sequence));
        _cursors[locator] = records;
        _order.Enqueue(locator);
        while (_order.Count > MaxOpenCursors && _order.TryDequeue(out var oldest))
        {
            _cursors.TryRemove(oldest, out _);
        }

        return Page(records, 0, batchSize, NextUrl(version, locator, batchSize));
    }

    public JsonObject NextPage(string locatorAndOffset, int batchSize, string version)
    {
        var dash = locatorAndOffset.LastIndexOf('-');
        if (dash <= 0
            || !int.TryParse(locatorAndOffset.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !_cursors.TryGetValue(locatorAndOffset[..dash], out var records)
            || offset >= records.Count)
        {
            throw new SalesforceErrorException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }

        var locator = locatorAndOffset[..dash];
        var end = Math.Min(records.Count, offset + batchSize);
        var next = end < records.Count ? NextUrl(version, locator, end) : null;
        return Page(records, offset, end - offset, next);
    }

    private static string NextUrl(string version, string locator, int offset) =>
        $"/services/data/v{version}/query/{locator}-{offset.ToString(CultureInfo.InvariantCulture)}";

    private static JsonObject Page(IReadOnlyList<JsonObject> records, int offset, int count, string? nextRecordsUrl)
    {
        var page = new JsonObject { ["totalSize"] = records.Count, ["done"] = nextRecordsUrl is null };
        if (nextRecordsUrl is not null)
        {
            page["nextRecordsUrl"] = nextRecordsUrl;
        }

        page["records"] = new JsonArray(records.Skip(offset).Take(count).Select(r => (JsonNode?)r.DeepClone()).ToArray());
        return page;
    }
}
