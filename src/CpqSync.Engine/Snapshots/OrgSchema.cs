using CpqSync.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The field names of the objects a snapshot reads, from the client's describe cache: described once per connection
/// (and again only after the client's credentials change, which clears its cache) in one composite call, shared with
/// the filters' describes and by every worker — workers starting together wait for one describe instead of each
/// sending their own.
/// </summary>
internal sealed class OrgSchema(SalesforceClient client)
{
    private Known _known = new(new Dictionary<string, SObjectDescribe?>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, IReadOnlySet<string>?>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Field names of <paramref name="sObject"/>, or null when the org has no such object.</summary>
    public IReadOnlySet<string>? FieldsOf(string sObject) => Volatile.Read(ref _known).Fields.GetValueOrDefault(sObject);

    public async Task EnsureDescribedAsync(IEnumerable<string> sObjects, CallCounter calls, CancellationToken cancellationToken)
    {
        var described = await client.DescribeManyAsync(sObjects, cancellationToken).ConfigureAwait(false);
        calls.Add(described.CallsSent);
        var known = Volatile.Read(ref _known);
        if (described.Objects.All(o => known.Describes.TryGetValue(o.Key, out var seen) && ReferenceEquals(seen, o.Value)))
        {
            return;
        }

        // New describes (first read, or new credentials): the field sets are built once per describe, not per order.
        var describes = new Dictionary<string, SObjectDescribe?>(known.Describes, StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, IReadOnlySet<string>?>(known.Fields, StringComparer.OrdinalIgnoreCase);
        foreach (var (sObject, describe) in described.Objects)
        {
            describes[sObject] = describe;
            fields[sObject] = describe?.Fields.Select(static f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        Volatile.Write(ref _known, new Known(describes, fields));
    }

    private sealed record Known(Dictionary<string, SObjectDescribe?> Describes, Dictionary<string, IReadOnlySet<string>?> Fields);
}
