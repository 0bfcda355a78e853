using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

/// <remarks>
/// sObject Collections take at most 200 records per request, so larger inputs are sent in batches of 200, in
/// order, and the results come back in input order. <c>allOrNone</c> holds within each batch: when a batch fails,
/// the batches already sent stay committed and the later ones are not sent; their records are reported with
/// <see cref="SaveResult.RolledBackCode"/>.
/// </remarks>
public sealed partial class SalesforceClient
{
    /// <summary>The most records one sObject Collections request may carry.</summary>
    public const int CollectionBatchSize = 200;

    /// <summary>Creates records of one type (<c>POST /composite/sobjects</c>); one result per record, in order.</summary>
    /// <remarks>Never retried automatically, like <see cref="CreateAsync(string, JsonObject, CancellationToken)"/>.</remarks>
    public Task<IReadOnlyList<SaveResult>> CreateManyAsync(
        string sObjectType, IReadOnlyList<JsonObject> records, bool allOrNone = false, CancellationToken cancellationToken = default)
    {
        var type = SoqlIdentifier.RequireName(sObjectType, nameof(sObjectType));
        ArgumentNullException.ThrowIfNull(records);
        return RunInBatchesAsync("create", records.Count, allOrNone, (start, count, ct) =>
            SendCollectionAsync(HttpMethod.Post, DataPath + "composite/sobjects", Body(type, records, start, count, allOrNone), ct), cancellationToken);
    }

    /// <summary>Updates records of one type, each carrying its <c>Id</c> (<c>PATCH /composite/sobjects</c>).</summary>
    public Task<IReadOnlyList<SaveResult>> UpdateManyAsync(
        string sObjectType, IReadOnlyList<JsonObject> records, bool allOrNone = false, CancellationToken cancellationToken = default)
    {
        var type = SoqlIdentifier.RequireName(sObjectType, nameof(sObjectType));
        ArgumentNullException.ThrowIfNull(records);
        if (records.Any(r => r["Id"] is null))
        {
            throw new ArgumentException("Every record to update needs its Id.", nameof(records));
        }

        return RunInBatchesAsync("update", records.Count, allOrNone, (start, count, ct) =>
            SendCollectionAsync(HttpMethod.Patch, DataPath + "composite/sobjects", Body(type, records, start, count, allOrNone), ct), cancellationToken);
    }

    /// <summary>
    /// Inserts or updates records of one type matched on <paramref name="externalIdField"/>
    /// (<c>PATCH /composite/sobjects/{type}/{field}</c>); <see cref="SaveResult.Created"/> tells which happened.
    /// </summary>
    public Task<IReadOnlyList<SaveResult>> UpsertManyAsync(
        string sObjectType,
        string externalIdField,
        IReadOnlyList<JsonObject> records,
        bool allOrNone = false,
        CancellationToken cancellationToken = default)
    {
        var type = SoqlIdentifier.RequireName(sObjectType, nameof(sObjectType));
        var field = SoqlIdentifier.RequireName(externalIdField, nameof(externalIdField));
        ArgumentNullException.ThrowIfNull(records);
        var path = $"{DataPath}composite/sobjects/{type}/{field}";
        return RunInBatchesAsync("upsert", records.Count, allOrNone, (start, count, ct) =>
            SendCollectionAsync(HttpMethod.Patch, path, Body(type, records, start, count, allOrNone), ct), cancellationToken);
    }

    /// <summary>Deletes records by id (<c>DELETE /composite/sobjects?ids=…</c>).</summary>
    public Task<IReadOnlyList<SaveResult>> DeleteManyAsync(
        IReadOnlyList<string> ids, bool allOrNone = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var checkedIds = ids.Select(RequireId).ToList();
        return RunInBatchesAsync("delete", checkedIds.Count, allOrNone, (start, count, ct) =>
        {
            var path = $"{DataPath}composite/sobjects?ids={string.Join(',', checkedIds.Skip(start).Take(count))}"
                + $"&allOrNone={(allOrNone ? "true" : "false")}";
            return SendCollectionAsync(HttpMethod.Delete, path, null, ct);
        }, cancellationToken);
    }

    private async Task<IReadOnlyList<SaveResult>> RunInBatchesAsync(
        string operation,
        int count,
        bool allOrNone,
        Func<int, int, CancellationToken, Task<IReadOnlyList<SaveResult>>> sendBatch,
        CancellationToken cancellationToken)
    {
        var results = new List<SaveResult>(count);
        var failed = false;
        for (var start = 0; start < count; start += CollectionBatchSize)
        {
            var size = Math.Min(CollectionBatchSize, count - start);
            if (failed && allOrNone)
            {
                _logger.CollectionBatchSkipped(operation, size);
                var skipped = new SalesforceError(SaveResult.RolledBackCode, "Not sent: an earlier batch failed and allOrNone was requested.", []);
                results.AddRange(Enumerable.Repeat(new SaveResult(null, false, [skipped]), size));
                continue;
            }

            var batch = await sendBatch(start, size, cancellationToken).ConfigureAwait(false);
            if (batch.Count != size)
            {
                throw Unexpected(operation + " collection");
            }

            var succeeded = batch.Count(r => r.Success);
            _logger.CollectionBatchSent(operation, size, succeeded);
            failed |= succeeded < size;
            results.AddRange(batch);
        }

        return results;
    }

    private async Task<IReadOnlyList<SaveResult>> SendCollectionAsync(
        HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var node = await SendForJsonAsync(method, path, body, null, cancellationToken).ConfigureAwait(false);
        return node is JsonArray array ? array.Select(ParseSaveResult).ToList() : throw Unexpected("collection");
    }

    private static JsonObject Body(string type, IReadOnlyList<JsonObject> records, int start, int count, bool allOrNone)
    {
        var batch = new JsonArray();
        for (var i = start; i < start + count; i++)
        {
            ArgumentNullException.ThrowIfNull(records[i], nameof(records));
            var record = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type } };
            foreach (var (name, value) in records[i])
            {
                if (name != "attributes")
                {
                    record[name] = value?.DeepClone();
                }
            }

            batch.Add(record);
        }

        return new JsonObject { ["allOrNone"] = allOrNone, ["records"] = batch };
    }
}
