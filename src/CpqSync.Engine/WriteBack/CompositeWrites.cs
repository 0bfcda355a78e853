using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Collection writes and queries of write-backs, sent together: the records of one or of many syncs
/// (<see cref="SendAsync(SalesforceClient, IReadOnlyList{CompositeWrites}, CancellationToken)"/>) merged into shared
/// collections of up to 200 records per kind of write, five collections or queries per composite request (Salesforce's
/// limit: 25 subrequests, of which at most 5 queries or sObject Collections), so the write-backs of a page of orders
/// with their Sync Records are a few calls.
/// </summary>
/// <remarks>
/// Writes go out in the order their kinds were first added (updates before the Sync Records' upsert), deletes after
/// them, queries last (so a read of <c>SystemModstamp</c> sees the writes). Two updates of one record, or two upserts
/// of one external id, become one record in the request, and both get its result. Never all-or-none: each record gets
/// its own result, a collection refused whole gives every record in it the refusal.
/// </remarks>
internal sealed class CompositeWrites(SalesforceClient client)
{
    private readonly List<Write> _writes = [];
    private readonly List<(string Id, Action<SaveResult> Answer)> _deletes = [];
    private readonly List<Query> _queries = [];

    public SalesforceClient Client => client;

    public int Count => _writes.Count + _deletes.Count + _queries.Count;

    /// <summary>Records written or deleted, the size of what this adds to a batch.</summary>
    public int Records => _writes.Count + _deletes.Count;

    /// <summary>
    /// Records of mixed types (each with <c>attributes.type</c>) to create or update, or of one type to upsert;
    /// <paramref name="answer"/> gets each record's result by its index in <paramref name="records"/>.
    /// </summary>
    public void AddCollection(HttpMethod method, IReadOnlyList<JsonObject> records, Action<int, SaveResult> answer, (string Type, string Field)? upsertOn = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            var index = i;
            _writes.Add(new Write(method, upsertOn, records[i], result => answer(index, result)));
        }
    }

    /// <summary>Records to delete by id; <paramref name="answer"/> gets each one's result by its index.</summary>
    public void AddDelete(IReadOnlyList<string> ids, Action<int, SaveResult> answer)
    {
        ArgumentNullException.ThrowIfNull(ids);
        for (var i = 0; i < ids.Count; i++)
        {
            var index = i;
            _deletes.Add((ids[i], result => answer(index, result)));
        }
    }

    /// <summary>A query whose first page (up to 2,000 rows) comes back with the writes; <paramref name="answer"/> gets its rows or its error.</summary>
    public void AddQuery(SoqlQuery query, Action<IReadOnlyList<JsonObject>?, SalesforceApiException?> answer) =>
        _queries.Add(new Query(null, query.Text, null, 0, null, answer));

    /// <summary>
    /// A query about one record that syncs sent together share: the ids of every query of the same
    /// <paramref name="kind"/> go out as IN lists of up to <paramref name="idsPerQuery"/>, built by
    /// <paramref name="build"/>. <paramref name="answer"/> gets the rows of the query its id was in (the caller keeps its own).
    /// </summary>
    public void AddQueryById(
        string kind, string id, int idsPerQuery, Func<IReadOnlyList<string>, SoqlQuery> build,
        Action<IReadOnlyList<JsonObject>?, SalesforceApiException?> answer) =>
        _queries.Add(new Query(kind, null, id, idsPerQuery, build, answer));

    /// <summary>Sends what was added, and hands each record and query its answer.</summary>
    public Task SendAsync(CancellationToken cancellationToken) => SendAsync(client, [this], cancellationToken);

    /// <summary>
    /// Sends what was added with the write-backs of the worker pass's other syncs (<see cref="WriteBackBatch"/>), or at
    /// once outside a pass; returns once each record and query has its answer.
    /// </summary>
    public Task SendBatchedAsync(CancellationToken cancellationToken) =>
        Count == 0 ? Task.CompletedTask
        : WriteBackBatch.Current is { } batch ? batch.SendAsync(this, cancellationToken)
        : SendAsync(cancellationToken);

    /// <summary>
    /// Sends the writes and queries of several syncs together: merged into shared collections and IN-list queries, five
    /// per composite request, and hands each record and query its answer.
    /// </summary>
    public static async Task SendAsync(SalesforceClient client, IReadOnlyList<CompositeWrites> all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(all);
        var subrequests = new List<(CompositeSubrequest Request, Action<CompositeSubresponse?, SalesforceApiException?> Answer)>();
        AddWrites(subrequests, all.SelectMany(static w => w._writes));
        AddDeletes(subrequests, all.SelectMany(static w => w._deletes));
        AddQueries(subrequests, all.SelectMany(static w => w._queries));
        foreach (var writes in all)
        {
            writes._writes.Clear();
            writes._deletes.Clear();
            writes._queries.Clear();
        }

        foreach (var chunk in subrequests.Chunk(SalesforceClient.CompositeMaxQueriesAndCollections))
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
    }

    private static void AddWrites(List<(CompositeSubrequest, Action<CompositeSubresponse?, SalesforceApiException?>)> into, IEnumerable<Write> writes)
    {
        var groups = new List<WriteGroup>();
        var byKind = new Dictionary<string, WriteGroup>(StringComparer.Ordinal);
        foreach (var write in writes)
        {
            var kind = $"{write.Method.Method} {write.UpsertOn?.Type}/{write.UpsertOn?.Field}";
            if (!byKind.TryGetValue(kind, out var group))
            {
                group = new WriteGroup(write.Method, write.UpsertOn);
                byKind[kind] = group;
                groups.Add(group);
            }

            group.Add(write);
        }

        foreach (var group in groups)
        {
            for (var start = 0; start < group.Records.Count; start += SalesforceClient.CollectionBatchSize)
            {
                var records = group.Records.Skip(start).Take(SalesforceClient.CollectionBatchSize).ToList();
                var answers = group.Answers.Skip(start).Take(records.Count).ToList();
                var request = SalesforceClient.CollectionSubrequest("w" + into.Count, group.Method, records, group.UpsertOn);
                into.Add((request, (response, refused) => Answer(response, refused, answers)));
            }
        }
    }

    private static void AddDeletes(List<(CompositeSubrequest, Action<CompositeSubresponse?, SalesforceApiException?>)> into, IEnumerable<(string Id, Action<SaveResult> Answer)> deletes)
    {
        var ids = new List<string>();
        var answers = new Dictionary<string, List<Action<SaveResult>>>(StringComparer.Ordinal);
        foreach (var (id, answer) in deletes)
        {
            if (!answers.TryGetValue(id, out var list))
            {
                answers[id] = list = [];
                ids.Add(id);
            }

            list.Add(answer);
        }

        foreach (var batch in ids.Chunk(SalesforceClient.CollectionBatchSize))
        {
            var request = new CompositeSubrequest(
                HttpMethod.Delete, $"composite/sobjects?ids={string.Join(',', batch.Select(Uri.EscapeDataString))}&allOrNone=false", "d" + into.Count);
            var batchAnswers = batch.Select(id => answers[id]).ToList();
            into.Add((request, (response, refused) => Answer(response, refused, batchAnswers)));
        }
    }

    private static void AddQueries(List<(CompositeSubrequest, Action<CompositeSubresponse?, SalesforceApiException?>)> into, IEnumerable<Query> queries)
    {
        var shared = new Dictionary<string, List<Query>>(StringComparer.Ordinal);
        var order = new List<object>();
        foreach (var query in queries)
        {
            if (query.Kind is null)
            {
                order.Add(query);
            }
            else if (shared.TryGetValue(query.Kind, out var ofKind))
            {
                ofKind.Add(query);
            }
            else
            {
                shared[query.Kind] = ofKind = [query];
                order.Add(ofKind);
            }
        }

        foreach (var item in order)
        {
            if (item is Query single)
            {
                into.Add((Get(single.Text!, into.Count), (response, refused) => Rows(response, refused, [single.Answer])));
                continue;
            }

            var ofKind = (List<Query>)item;
            var byId = ofKind.GroupBy(static q => q.Id!, StringComparer.Ordinal).ToList();
            foreach (var slice in byId.Chunk(ofKind[0].IdsPerQuery))
            {
                var text = ofKind[0].Build!([.. slice.Select(static g => g.Key)]).Text;
                var answers = slice.SelectMany(static g => g.Select(static q => q.Answer)).ToList();
                into.Add((Get(text, into.Count), (response, refused) => Rows(response, refused, answers)));
            }
        }
    }

    private static CompositeSubrequest Get(string soql, int index) =>
        new(HttpMethod.Get, "query?q=" + Uri.EscapeDataString(soql), "q" + index);

    private static void Rows(
        CompositeSubresponse? response, SalesforceApiException? refused, List<Action<IReadOnlyList<JsonObject>?, SalesforceApiException?>> answers)
    {
        var error = refused ?? response!.Error;
        var rows = error is null ? (response!.Body?["records"] as JsonArray ?? []).OfType<JsonObject>().ToList() : null;
        foreach (var answer in answers)
        {
            answer(rows, error);
        }
    }

    private static void Answer(CompositeSubresponse? response, SalesforceApiException? refused, List<List<Action<SaveResult>>> answers)
    {
        IReadOnlyList<SaveResult> results;
        try
        {
            results = refused is null ? SalesforceClient.SaveResultsOf(response!) : throw refused;
        }
        catch (SalesforceApiException whole)
        {
            // The whole collection was refused (bad session, limits): every record in it is reported, none dropped.
            results = Enumerable.Repeat(new SaveResult(null, false, whole.Errors), answers.Count).ToList();
        }

        for (var i = 0; i < results.Count && i < answers.Count; i++)
        {
            foreach (var answer in answers[i])
            {
                answer(results[i]);
            }
        }
    }

    private sealed record Write(HttpMethod Method, (string Type, string Field)? UpsertOn, JsonObject Record, Action<SaveResult> Answer);

    private sealed record Query(
        string? Kind, string? Text, string? Id, int IdsPerQuery, Func<IReadOnlyList<string>, SoqlQuery>? Build,
        Action<IReadOnlyList<JsonObject>?, SalesforceApiException?> Answer);

    /// <summary>The records of one kind of write (create, update, upsert on a key), one per record written.</summary>
    private sealed class WriteGroup(HttpMethod method, (string Type, string Field)? upsertOn)
    {
        private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

        public HttpMethod Method => method;

        public (string Type, string Field)? UpsertOn => upsertOn;

        public List<JsonObject> Records { get; } = [];

        public List<List<Action<SaveResult>>> Answers { get; } = [];

        public void Add(Write write)
        {
            // One record per id (update) or external id (upsert): a collection may not name a record twice.
            var key = method == HttpMethod.Post ? null : write.Record[upsertOn?.Field ?? "Id"]?.GetValue<string>();
            if (key is not null && _byKey.TryGetValue(key, out var index))
            {
                foreach (var (name, value) in write.Record)
                {
                    Records[index][name] = value?.DeepClone();
                }

                Answers[index].Add(write.Answer);
                return;
            }

            if (key is not null)
            {
                _byKey[key] = Records.Count;
            }

            Records.Add((JsonObject)write.Record.DeepClone());
            Answers.Add([write.Answer]);
        }
    }
}
