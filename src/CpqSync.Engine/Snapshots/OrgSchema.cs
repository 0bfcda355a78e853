using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The field names of the objects a snapshot reads, described once per reader in a single composite call and
/// kept: an org's schema changes rarely, and re-describing on every order would double the calls per order.
/// </summary>
internal sealed class OrgSchema(SalesforceClient client)
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>?> _fields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Field names of <paramref name="sObject"/>, or null when the org has no such object.</summary>
    public IReadOnlySet<string>? FieldsOf(string sObject) => _fields.TryGetValue(sObject, out var fields) ? fields : null;

    public async Task EnsureDescribedAsync(IEnumerable<string> sObjects, CallCounter calls, CancellationToken cancellationToken)
    {
        var missing = sObjects.Where(o => !_fields.ContainsKey(o)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var chunk in missing.Chunk(SalesforceClient.CompositeMaxSubrequests))
        {
            var requests = chunk.Select(o => new CompositeSubrequest(HttpMethod.Get, $"sobjects/{o}/describe", Reference(o))).ToList();
            calls.Add();
            var responses = await client.CompositeAsync(requests, allOrNone: false, cancellationToken).ConfigureAwait(false);
            foreach (var (sObject, response) in chunk.Zip(responses))
            {
                _fields[sObject] = response switch
                {
                    { IsSuccess: true, Body: JsonObject body } => Names(body),
                    { StatusCode: HttpStatusCode.NotFound } => null,
                    _ => throw response.Error!,
                };
            }
        }
    }

    private static HashSet<string> Names(JsonObject describe) =>
        (describe["fields"] as JsonArray ?? [])
            .Select(static f => f?["name"]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static string Reference(string sObject) => "d_" + sObject.Replace("__", "_", StringComparison.Ordinal);
}
