using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

public sealed partial class SalesforceClient
{
    /// <summary>
    /// Runs a query and streams its records, fetching the next page through <c>nextRecordsUrl</c> only when the
    /// caller has consumed the previous one. Relationship fields come back as nested objects, subqueries as nested
    /// query results.
    /// </summary>
    /// <param name="batchSize">Records per page (200 to 2,000), sent as <c>Sforce-Query-Options</c>; null uses the configured default.</param>
    public IAsyncEnumerable<JsonObject> QueryAsync(SoqlQuery query, int? batchSize = null, CancellationToken cancellationToken = default) =>
        StreamAsync("query", query, batchSize, cancellationToken);

    /// <summary>Like <see cref="QueryAsync(SoqlQuery, int?, CancellationToken)"/>, including deleted and archived records (<c>queryAll</c>).</summary>
    public IAsyncEnumerable<JsonObject> QueryAllAsync(SoqlQuery query, int? batchSize = null, CancellationToken cancellationToken = default) =>
        StreamAsync("queryAll", query, batchSize, cancellationToken);

    /// <summary>Runs a query and maps each record, for example with <c>record.Deserialize&lt;T&gt;()</c>.</summary>
    public async IAsyncEnumerable<T> QueryAsync<T>(
        SoqlQuery query, Func<JsonObject, T> map, int? batchSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        await foreach (var record in QueryAsync(query, batchSize, cancellationToken).ConfigureAwait(false))
        {
            yield return map(record);
        }
    }

    /// <summary>The first page of a query, for callers that page by hand (see <see cref="QueryMoreAsync"/>).</summary>
    public Task<QueryPage> QueryPageAsync(SoqlQuery query, int? batchSize = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadPageAsync(DataPath + "query?q=" + Uri.EscapeDataString(query.Text), batchSize, cancellationToken);
    }

    /// <summary>
    /// The first page of a Tooling API query (<c>tooling/query</c>), such as the installed packages
    /// (<c>InstalledSubscriberPackage</c>). Counted like any other call.
    /// </summary>
    public Task<QueryPage> ToolingQueryPageAsync(SoqlQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadPageAsync(DataPath + "tooling/query?q=" + Uri.EscapeDataString(query.Text), null, cancellationToken);
    }

    /// <summary>The page at a <see cref="QueryPage.NextRecordsUrl"/>.</summary>
    public Task<QueryPage> QueryMoreAsync(string nextRecordsUrl, int? batchSize = null, CancellationToken cancellationToken = default)
    {
        // The URL comes from a response; refusing anything but a REST path keeps the session token on this org.
        if (string.IsNullOrEmpty(nextRecordsUrl) || !nextRecordsUrl.StartsWith("/services/data/", StringComparison.Ordinal))
        {
            throw new ArgumentException("nextRecordsUrl must be a /services/data/ path returned by Salesforce.", nameof(nextRecordsUrl));
        }

        return ReadPageAsync(nextRecordsUrl, batchSize, cancellationToken);
    }

    /// <summary>The number of matching records: run a <c>SELECT COUNT() FROM …</c> query and read its <c>totalSize</c>.</summary>
    public async Task<int> CountAsync(SoqlQuery query, CancellationToken cancellationToken = default)
    {
        var page = await QueryPageAsync(query, null, cancellationToken).ConfigureAwait(false);
        return page.TotalSize;
    }

    private async IAsyncEnumerable<JsonObject> StreamAsync(
        string resource, SoqlQuery query, int? batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await ReadPageAsync(DataPath + resource + "?q=" + Uri.EscapeDataString(query.Text), batchSize, cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            foreach (var record in page.Records)
            {
                yield return record;
            }

            if (page.Done || page.NextRecordsUrl is null)
            {
                yield break;
            }

            page = await QueryMoreAsync(page.NextRecordsUrl, batchSize, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<QueryPage> ReadPageAsync(string path, int? batchSize, CancellationToken cancellationToken)
    {
        var size = batchSize ?? _options.QueryBatchSize;
        if (size is < 200 or > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), size, "Salesforce accepts a batch size from 200 to 2,000.");
        }

        var headers = size is null
            ? null
            : new Dictionary<string, string> { ["Sforce-Query-Options"] = "batchSize=" + size.Value.ToString(CultureInfo.InvariantCulture) };
        var node = await SendForJsonAsync(HttpMethod.Get, path, null, headers, cancellationToken).ConfigureAwait(false);
        var page = ParsePage(node);
        _logger.QueryPageRead(page.Records.Count, page.TotalSize, page.Done);
        return page;
    }

    internal static QueryPage ParsePage(JsonNode? node)
    {
        if (node is not JsonObject result)
        {
            throw new SalesforceApiException(
                HttpStatusCode.OK, [new SalesforceError("UNEXPECTED_RESPONSE", "A query answered something other than a query result.", [])], null);
        }

        List<JsonObject> records = [];
        if (result["records"] is JsonArray array)
        {
            records = array.OfType<JsonObject>().ToList();
            // Detach the records so callers may move them into other documents.
            array.Clear();
        }

        return new QueryPage(
            result["totalSize"]?.GetValue<int>() ?? records.Count,
            result["done"]?.GetValue<bool>() ?? true,
            result["nextRecordsUrl"]?.GetValue<string>(),
            records);
    }
}
