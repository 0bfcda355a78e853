using CpqSync.Core.Planning;

namespace CpqSync.Stripe;

/// <summary>Turns a plan's write-backs into plain values once the operations they refer to have run.</summary>
internal static class WriteBacks
{
    /// <param name="skipUnresolved">After a failure: leave out write-backs referring to operations that never ran.</param>
    /// <param name="unfinished">After a failure: records with an operation that never ran, whose write-backs are left out too.</param>
    public static List<ResolvedSalesforceWrite> Resolve(
        IReadOnlyList<SalesforceWrite> writes, IReadOnlyDictionary<string, string> ids, bool skipUnresolved,
        IReadOnlySet<string>? unfinished = null)
    {
        var resolved = new List<ResolvedSalesforceWrite>(writes.Count);
        foreach (var write in writes)
        {
            if (skipUnresolved && (write.Fields.Any(f => f.Value.Ref is { } reference && !ids.ContainsKey(reference))
                || (write.RecordId is { } recordId && unfinished?.Contains(recordId) == true)))
            {
                continue;
            }

            var fields = write.Fields
                .Select(f => new KeyValuePair<string, string>(f.Key, f.Value.Resolve(reference => ids.TryGetValue(reference, out var id)
                    ? id
                    : throw new InvalidOperationException($"Write-back to {write.SObjectType} refers to '{reference}', which is not in the plan."))))
                .ToList();
            resolved.Add(new ResolvedSalesforceWrite(write.Kind, write.SObjectType, write.RecordId, fields));
        }

        return resolved;
    }
}
