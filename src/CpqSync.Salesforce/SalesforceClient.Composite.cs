using System.Net;
using CpqSync.Salesforce.Http;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

public sealed partial class SalesforceClient
{
    /// <summary>The most subrequests one composite request may carry.</summary>
    public const int CompositeMaxSubrequests = 25;

    /// <summary>Of a composite request's subrequests, at most 5 may be queries or sObject Collections requests.</summary>
    public const int CompositeMaxQueriesAndCollections = 5;

    /// <summary>
    /// An sObject Collections write as a composite subrequest: up to 200 records, each naming its type in
    /// <c>attributes</c> (types may be mixed in a create or an update), never all-or-none. With
    /// <paramref name="upsertOn"/> (<c>(type, external id field)</c>) an upsert of records of that one type.
    /// </summary>
    public static CompositeSubrequest CollectionSubrequest(
        string referenceId, HttpMethod method, IReadOnlyList<JsonObject> records, (string Type, string Field)? upsertOn = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > CollectionBatchSize)
        {
            throw new ArgumentException($"A collection carries 1 to {CollectionBatchSize} records.", nameof(records));
        }

        var batch = new JsonArray();
        foreach (var record in records)
        {
            var copy = (JsonObject)record.DeepClone();
            if (upsertOn is { } key)
            {
                copy["attributes"] = new JsonObject { ["type"] = SoqlIdentifier.RequireName(key.Type, nameof(upsertOn)) };
            }
            else if (copy["attributes"]?["type"] is null)
            {
                throw new ArgumentException("Every record of a collection names its type in attributes.", nameof(records));
            }

            batch.Add(copy);
        }

        var url = upsertOn is { } on
            ? $"composite/sobjects/{SoqlIdentifier.RequireName(on.Type, nameof(upsertOn))}/{SoqlIdentifier.RequireName(on.Field, nameof(upsertOn))}"
            : "composite/sobjects";
        return new CompositeSubrequest(method, url, referenceId, new JsonObject { ["allOrNone"] = false, ["records"] = batch });
    }

    /// <summary>The save results of a collection subrequest, one per record in order; a refused subrequest throws its error.</summary>
    public static IReadOnlyList<SaveResult> SaveResultsOf(CompositeSubresponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Error is { } error)
        {
            throw error;
        }

        return response.Body is JsonArray array ? array.Select(ParseSaveResult).ToList() : throw Unexpected("collection");
    }

    /// <summary>
    /// Sends up to 25 dependent subrequests in one call (<c>POST /composite</c>), for example an order and its
    /// products; with <paramref name="allOrNone"/> a failure rolls all of them back.
    /// </summary>
    /// <remarks>
    /// Retried automatically on a transient failure only when every subrequest is a GET (reads, describes): otherwise the
    /// subrequests may have created records before the answer was lost.
    /// </remarks>
    public async Task<IReadOnlyList<CompositeSubresponse>> CompositeAsync(
        IReadOnlyList<CompositeSubrequest> subrequests, bool allOrNone = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subrequests);
        if (subrequests.Count is 0 or > CompositeMaxSubrequests)
        {
            throw new ArgumentException($"A composite request carries 1 to {CompositeMaxSubrequests} subrequests.", nameof(subrequests));
        }

        foreach (var sub in subrequests)
        {
            var url = sub.Url.StartsWith('/') ? sub.Url : DataPath + sub.Url;
            if (!url.StartsWith("/services/data/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Subrequest '{sub.ReferenceId}' must target a REST path.", nameof(subrequests));
            }
        }

        // Written straight from the subrequests' bodies (a batch's write-back collections run to megabytes), not copied
        // into a request tree first.
        var body = JsonBodies.Write(JsonOptions, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("allOrNone", allOrNone);
            writer.WriteStartArray("compositeRequest");
            foreach (var sub in subrequests)
            {
                writer.WriteStartObject();
                writer.WriteString("method", sub.Method.Method);
                writer.WriteString("url", sub.Url.StartsWith('/') ? sub.Url : DataPath + sub.Url);
                writer.WriteString("referenceId", sub.ReferenceId);
                if (sub.Body is not null)
                {
                    writer.WritePropertyName("body");
                    sub.Body.WriteTo(writer, JsonOptions);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        var readsOnly = subrequests.All(static s => s.Method == HttpMethod.Get);
        var node = await SendUtf8ForJsonAsync(HttpMethod.Post, DataPath + "composite", body, null, cancellationToken, retrySafe: readsOnly)
            .ConfigureAwait(false);
        if (node?["compositeResponse"] is not JsonArray responses)
        {
            throw Unexpected("composite");
        }

        // Each body is taken out of the answer, not copied: a page's query results are the bulk of it.
        return responses.OfType<JsonObject>().Select(r =>
        {
            var answer = r["body"];
            r.Remove("body");
            return new CompositeSubresponse(
                r["referenceId"]?.GetValue<string>() ?? string.Empty,
                (HttpStatusCode)(r["httpStatusCode"]?.GetValue<int>() ?? 0),
                answer);
        }).ToList();
    }
}
