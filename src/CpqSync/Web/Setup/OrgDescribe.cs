using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>One field the source picker offers: a path from the object (<c>Owner.Email</c>), its label and type.</summary>
public sealed record FieldChoice(string Path, string Label, string Type);

/// <summary>
/// The org's schema as the mapping step needs it, from describe calls (the client caches each object's describe):
/// the catalogue <see cref="MappingValidator"/> checks against, and the source fields the picker offers.
/// </summary>
public sealed class OrgDescribe(SalesforceClient client)
{
    /// <summary>How many lookups the picker follows from the object (<c>Account.Owner.Email</c> from an order is two).</summary>
    public const int PickerDepth = 2;

    /// <summary>At most this many objects are described for one picker, so a lookup-rich object stays quick.</summary>
    private const int MaxPickerObjects = 12;

    /// <summary>A describe catalogue holding every object the mappings' source paths pass through.</summary>
    public async Task<ISalesforceDescribe> CatalogForAsync(SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var catalog = new SalesforceDescribeCatalog();
        var described = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (objectKey, mappings) in configuration.FieldMappings)
        {
            if (!StripeObjectKeys.SourceObject.TryGetValue(objectKey, out var sourceObject))
            {
                continue;
            }

            foreach (var path in mappings.Values.Where(static p => !string.IsNullOrWhiteSpace(p)))
            {
                var segments = path.Split('.');
                var start = segments.Length > 1 && string.Equals(segments[0], sourceObject, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                var current = sourceObject;
                for (var i = start; i < segments.Length && current is not null; i++)
                {
                    var describe = await DescribeOnceAsync(current, catalog, described, cancellationToken).ConfigureAwait(false);
                    var lookup = i < segments.Length - 1 ? describe?.Field(RecordSet.LookupField(segments[i])) : null;
                    current = lookup is { Type: "reference", ReferenceTo.Count: > 0 } ? lookup.ReferenceTo[0] : null;
                }
            }
        }

        return catalog;
    }

    /// <summary>The fields of <paramref name="sObject"/> and of the objects its single-target lookups reach.</summary>
    public async Task<IReadOnlyList<FieldChoice>> FieldChoicesAsync(string sObject, CancellationToken cancellationToken)
    {
        var choices = new List<FieldChoice>();
        var queue = new Queue<(string Object, string Prefix, int Depth)>();
        queue.Enqueue((sObject, "", 0));
        var described = 0;
        while (queue.Count > 0 && described < MaxPickerObjects)
        {
            var (current, prefix, depth) = queue.Dequeue();
            var describe = await TryDescribeAsync(current, cancellationToken).ConfigureAwait(false);
            described++;
            if (describe is null)
            {
                continue;
            }

            foreach (var field in describe.Fields.OrderBy(static f => f.Name, StringComparer.OrdinalIgnoreCase))
            {
                choices.Add(new FieldChoice(prefix + field.Name, field.Label ?? field.Name, field.Type));
                if (depth < PickerDepth && field is { Type: "reference", ReferenceTo.Count: 1, RelationshipName: { Length: > 0 } relationship })
                {
                    queue.Enqueue((field.ReferenceTo[0], $"{prefix}{relationship}.", depth + 1));
                }
            }
        }

        return choices;
    }

    private async Task<SObjectDescribe?> DescribeOnceAsync(
        string sObject, SalesforceDescribeCatalog catalog, HashSet<string> described, CancellationToken cancellationToken)
    {
        var describe = await TryDescribeAsync(sObject, cancellationToken).ConfigureAwait(false);
        if (describe is not null && described.Add(sObject))
        {
            catalog.Add(
                sObject,
                describe.Fields.Select(static f => new SalesforceField(f.Name, f.Type, f.ReferenceTo)),
                describe.ChildRelationships.Select(static c => c.RelationshipName).OfType<string>());
        }

        return describe;
    }

    private async Task<SObjectDescribe?> TryDescribeAsync(string sObject, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DescribeAsync(sObject, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException e) when (e.ErrorCode is "NOT_FOUND" or "INVALID_TYPE")
        {
            return null;
        }
    }
}
