using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Salesforce;

public sealed partial class SalesforceClient
{
    /// <summary>The most subrequests one composite request may carry.</summary>
    public const int CompositeMaxSubrequests = 25;

    /// <summary>
    /// Sends up to 25 dependent subrequests in one call (<c>POST /composite</c>), for example an order and its
    /// products; with <paramref name="allOrNone"/> a failure rolls all of them back.
    /// </summary>
    /// <remarks>Never retried automatically: the subrequests may create records.</remarks>
    public async Task<IReadOnlyList<CompositeSubresponse>> CompositeAsync(
        IReadOnlyList<CompositeSubrequest> subrequests, bool allOrNone = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subrequests);
        if (subrequests.Count is 0 or > CompositeMaxSubrequests)
        {
            throw new ArgumentException($"A composite request carries 1 to {CompositeMaxSubrequests} subrequests.", nameof(subrequests));
        }

        var items = new JsonArray();
        foreach (var sub in subrequests)
        {
            var url = sub.Url.StartsWith('/') ? sub.Url : DataPath + sub.Url;
            if (!url.StartsWith("/services/data/", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Subrequest '{sub.ReferenceId}' must target a REST path.", nameof(subrequests));
            }

            var item = new JsonObject { ["method"] = sub.Method.Method, ["url"] = url, ["referenceId"] = sub.ReferenceId };
            if (sub.Body is not null)
            {
                item["body"] = sub.Body.DeepClone();
            }

            items.Add(item);
        }

        var body = new JsonObject { ["allOrNone"] = allOrNone, ["compositeRequest"] = items };
        var node = await SendForJsonAsync(HttpMethod.Post, DataPath + "composite", body, null, cancellationToken).ConfigureAwait(false);
        if (node?["compositeResponse"] is not JsonArray responses)
        {
            throw Unexpected("composite");
        }

        return responses.OfType<JsonObject>().Select(r => new CompositeSubresponse(
            r["referenceId"]?.GetValue<string>() ?? string.Empty,
            (HttpStatusCode)(r["httpStatusCode"]?.GetValue<int>() ?? 0),
            r["body"]?.DeepClone())).ToList();
    }
}
