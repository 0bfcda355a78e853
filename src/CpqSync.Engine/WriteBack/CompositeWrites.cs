using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Collection writes and queries of a write-back, sent together: in order, as many per composite request as Salesforce
/// takes (5 queries or collections of up to 200 records each), so a write-back with its Sync Records is one call.
/// </summary>
internal sealed class CompositeWrites(SalesforceClient client)
{
    private readonly List<(CompositeSubrequest Request, Action<CompositeSubresponse?, SalesforceApiException?> Answer)> _pending = [];

    public int Count => _pending.Count;

    /// <summary>
    /// Records of mixed types (each with <c>attributes.type</c>) to create or update, or of one type to upsert, cut into
    /// collections of 200; <paramref name="answer"/> gets each record's result in order (the request's error for all of
    /// a collection Salesforce refused whole).
    /// </summary>
    public void AddCollection(HttpMethod method, IReadOnlyList<JsonObject> records, Action<int, SaveResult> answer, (string Type, string Field)? upsertOn = null)
    {
        for (var start = 0; start < records.Count; start += SalesforceClient.CollectionBatchSize)
        {
            var batch = records.Skip(start).Take(SalesforceClient.CollectionBatchSize).ToList();
            AddWrite(SalesforceClient.CollectionSubrequest("w" + _pending.Count, method, batch, upsertOn), start, batch.Count, answer);
        }
    }

    /// <summary>Records to delete by id, in collections of 200; <paramref name="answer"/> gets each one's result in order.</summary>
    public void AddDelete(IReadOnlyList<string> ids, Action<int, SaveResult> answer)
    {
        for (var start = 0; start < ids.Count; start += SalesforceClient.CollectionBatchSize)
        {
            var batch = ids.Skip(start).Take(SalesforceClient.CollectionBatchSize).ToList();
            var request = new CompositeSubrequest(
                HttpMethod.Delete, $"composite/sobjects?ids={string.Join(',', batch.Select(Uri.EscapeDataString))}&allOrNone=false", "d" + _pending.Count);
            AddWrite(request, start, batch.Count, answer);
        }
    }

    private void AddWrite(CompositeSubrequest request, int offset, int count, Action<int, SaveResult> answer) =>
        _pending.Add((request, (response, refused) =>
        {
            IReadOnlyList<SaveResult> results;
            try
            {
                results = refused is null ? SalesforceClient.SaveResultsOf(response!) : throw refused;
            }
            catch (SalesforceApiException whole)
            {
                // The whole collection was refused (bad session, limits): every record in it is reported, none dropped.
                results = Enumerable.Repeat(new SaveResult(null, false, whole.Errors), count).ToList();
            }

            for (var i = 0; i < results.Count && i < count; i++)
            {
                answer(offset + i, results[i]);
            }
        }));

    /// <summary>A query whose first page (up to 2,000 rows) comes back with the writes; <paramref name="answer"/> gets its rows or its error.</summary>
    public void AddQuery(SoqlQuery query, Action<IReadOnlyList<JsonObject>?, SalesforceApiException?> answer)
    {
        var request = new CompositeSubrequest(HttpMethod.Get, "query?q=" + Uri.EscapeDataString(query.Text), "q" + _pending.Count);
        _pending.Add((request, (response, refused) =>
        {
            if ((refused ?? response!.Error) is { } error)
            {
                answer(null, error);
                return;
            }

            answer((response!.Body?["records"] as JsonArray ?? []).OfType<JsonObject>().ToList(), null);
        }));
    }

    /// <summary>Sends what was added, 5 subrequests per composite request, and hands each subrequest its answer.</summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _pending.Chunk(SalesforceClient.CompositeMaxQueriesAndCollections))
        {
            IReadOnlyList<CompositeSubresponse>? responses = null;
            SalesforceApiException? refused = null;
            try
            {
                responses = await client.CompositeAsync([.. chunk.Select(static p => p.Request)], allOrNone: false, cancellationToken).ConfigureAwait(false);
            }
            catch (SalesforceApiException whole)
            {
                refused = whole;
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i].Answer(refused is null ? responses![i] : null, refused);
            }
        }

        _pending.Clear();
    }
}
