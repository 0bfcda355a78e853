using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Connections;

/// <summary>One problem with a document, where it is (a JSON path) and what is wrong.</summary>
public sealed record DocumentProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Checks a document against the org before it is stored: the mappings with <see cref="MappingValidator"/> (every
/// source path walked through describe), the filters with <see cref="SyncFilterValidator"/> once their values are typed.
/// </summary>
public static class ConnectionDocumentValidator
{
    /// <summary>Every problem, mappings first; empty when the document fits the org. Costs one describe per object touched.</summary>
    public static async Task<IReadOnlyList<DocumentProblem>> ValidateAsync(
        ConnectionDocument document, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(client);
        var catalog = await CatalogAsync(document.Mappings, client, cancellationToken).ConfigureAwait(false);
        var problems = MappingValidator.Validate(document.Mappings, catalog)
            .Select(static e => new DocumentProblem(e.Field is null ? "$" : "$." + e.Field, e.Message))
            .ToList();

        var typed = await FilterValueTyping.TypeAsync(document.Preferences, client, cancellationToken).ConfigureAwait(false);
        var errors = await SyncFilterValidator.ValidateAsync(typed.Filters, client, cancellationToken).ConfigureAwait(false);
        foreach (var error in errors)
        {
            var index = IndexOf(typed.Filters, error.Filter);
            problems.Add(new DocumentProblem($"$.preferences.filters[{index}]", $"{error.Filter.DisplayName}: {error.Message}"));
        }

        return problems;
    }

    private static int IndexOf(IReadOnlyList<SyncFilter> filters, SyncFilter filter)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            if (ReferenceEquals(filters[i], filter))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Describes every object the mappings' source paths pass through (the client caches each describe).</summary>
    private static async Task<SalesforceDescribeCatalog> CatalogAsync(SyncConfiguration mappings, SalesforceClient client, CancellationToken cancellationToken)
    {
        var catalog = new SalesforceDescribeCatalog();
        var described = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (objectKey, fields) in mappings.FieldMappings)
        {
            if (!StripeObjectKeys.SourceObject.TryGetValue(objectKey, out var sourceObject))
            {
                continue;
            }

            foreach (var path in fields.Values.Where(static p => !string.IsNullOrWhiteSpace(p)))
            {
                var segments = path.Split('.');
                var start = segments.Length > 1 && string.Equals(segments[0], sourceObject, StringComparison.OrdinalIgnoreCase) ? 1 : 0;
                var current = sourceObject;
                for (var i = start; i < segments.Length && current is not null; i++)
                {
                    var describe = await DescribeAsync(current, catalog, described, client, cancellationToken).ConfigureAwait(false);
                    var lookup = i < segments.Length - 1 ? describe?.Field(RecordSet.LookupField(segments[i])) : null;
                    current = lookup is { Type: "reference", ReferenceTo.Count: > 0 } ? lookup.ReferenceTo[0] : null;
                }
            }
        }

        return catalog;
    }

    private static async Task<SObjectDescribe?> DescribeAsync(
        string sObject, SalesforceDescribeCatalog catalog, HashSet<string> described, SalesforceClient client, CancellationToken cancellationToken)
    {
        SObjectDescribe describe;
        try
        {
            describe = await client.DescribeAsync(sObject, cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException e) when (e.ErrorCode is "NOT_FOUND" or "INVALID_TYPE")
        {
            return null;
        }

        if (described.Add(sObject))
        {
            catalog.Add(
                sObject,
                describe.Fields.Select(static f => new SalesforceField(f.Name, f.Type, f.ReferenceTo)),
                describe.ChildRelationships.Select(static c => c.RelationshipName).OfType<string>());
        }

        return describe;
    }
}
