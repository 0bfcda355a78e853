using System.Text.Json.Nodes;
using CpqSync.Core.Records;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// Independent SOQL queries sent together in composite requests (five per request, Salesforce's limit), so a round
/// of reads costs a fixed number of API calls whatever the number of lines. Results longer than a page are followed with <c>queryMore</c>.
/// </summary>
internal sealed class QueryBatch(SalesforceClient client, CallCounter calls)
{
    /// <summary>Salesforce takes at most 5 query or collection subrequests in one composite request.</summary>
    public const int QueriesPerCall = 5;

    private readonly List<(string Type, SoqlQuery Query, Action<int>? Counted, Action<List<SfRecord>>? Rows)> _queries = [];

    public int Count => _queries.Count;

    /// <param name="rows">Gets the query's own rows (not the parents nested in them), in the order Salesforce returned them.</param>
    public void Add(string sObjectType, SoqlQuery query, Action<List<SfRecord>>? rows = null) => _queries.Add((sObjectType, query, null, rows));

    /// <summary>A <c>SELECT COUNT()</c> query: <paramref name="counted"/> gets its total; it adds no records.</summary>
    public void AddCount(SoqlQuery query, Action<int> counted) => _queries.Add((string.Empty, query, counted, null));

    public async Task<List<SfRecord>> RunAsync(CancellationToken cancellationToken)
    {
        var records = new List<SfRecord>();
        var index = 0;
        foreach (var chunk in _queries.Chunk(QueriesPerCall))
        {
            var requests = chunk
                .Select(q => new CompositeSubrequest(HttpMethod.Get, "query?q=" + Uri.EscapeDataString(q.Query.Text), "q" + index++))
                .ToList();
            calls.Add();
            // Each answer is let go once its records are read: a page's answers are parsed trees of megabytes each.
            var responses = (await client.CompositeAsync(requests, allOrNone: false, cancellationToken).ConfigureAwait(false)).ToArray();
            for (var i = 0; i < chunk.Length && i < responses.Length; i++)
            {
                var query = chunk[i];
                var response = responses[i];
                responses[i] = null!;
                if (!response.IsSuccess || response.Body is not JsonObject page)
                {
                    throw (Exception?)response.Error ?? new InvalidOperationException($"Salesforce answered a {query.Type} query with no records.");
                }

                if (query.Counted is { } counted)
                {
                    counted(page["totalSize"]?.GetValue<int>() ?? 0);
                    continue;
                }

                var rows = await ReadPagesAsync(query.Type, page, records, cancellationToken).ConfigureAwait(false);
                query.Rows?.Invoke(rows);
            }
        }

        return records;
    }

    /// <returns>The query's own rows, in order.</returns>
    private async Task<List<SfRecord>> ReadPagesAsync(string type, JsonObject page, List<SfRecord> into, CancellationToken cancellationToken)
    {
        var rows = new List<SfRecord>();
        foreach (var record in (page["records"] as JsonArray ?? []).OfType<JsonObject>())
        {
            rows.Add(Flatten(type, record, into));
        }

        var next = page["done"]?.GetValue<bool>() == false ? page["nextRecordsUrl"]?.GetValue<string>() : null;
        // Read: its tree is not kept through the queryMore calls below.
        page.Clear();
        while (next is not null)
        {
            calls.Add();
            var more = await client.QueryMoreAsync(next, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var record in more.Records)
            {
                rows.Add(Flatten(type, record, into));
            }

            next = more.Done ? null : more.NextRecordsUrl;
        }

        return rows;
    }

    /// <summary>
    /// A record and, as records of their own, the parents a relationship path selected (<c>Account.Owner.Name</c>
    /// returns the Account and its Owner nested): the planner follows lookups by id through a flat set.
    /// </summary>
    private static SfRecord Flatten(string type, JsonObject record, List<SfRecord> into)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        foreach (var (name, value) in record)
        {
            if (name == "attributes")
            {
                continue;
            }

            if (value is JsonObject nested)
            {
                if (nested["attributes"]?["type"]?.GetValue<string>() is { } nestedType && nested["Id"] is not null)
                {
                    _ = Flatten(nestedType, nested, into);
                }

                continue;
            }

            fields.Add(new(name, Scalar(value)));
        }

        var flat = new SfRecord(record["attributes"]?["type"]?.GetValue<string>() ?? type, fields);
        into.Add(flat);
        return flat;
    }

    private static object? Scalar(JsonNode? value) => value?.GetValueKind() switch
    {
        null or System.Text.Json.JsonValueKind.Null => null,
        System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        System.Text.Json.JsonValueKind.Number => value.GetValue<decimal>(),
        System.Text.Json.JsonValueKind.True => True,
        System.Text.Json.JsonValueKind.False => False,
        _ => null,
    };

    // One boxed copy of each, shared by every record of a page (thousands of checkbox fields).
    private static readonly object True = true;
    private static readonly object False = false;
}
