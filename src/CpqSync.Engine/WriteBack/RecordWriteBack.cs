using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Writes resolved write-backs through sObject Collections: updates merged per record, of every object type in shared
/// collections, then creates, never all-or-none, so one refused record does not hold back the others.
/// </summary>
internal static class RecordWriteBack
{
    /// <summary>
    /// Adds the write-backs to <paramref name="composite"/>: the updates of every object type in shared collections (one
    /// record per record written, its fields merged), then the creates; refusals land in <paramref name="failures"/>.
    /// Coupon copies must have been matched (<see cref="CouponCopies.MatchExistingAsync"/>) first.
    /// </summary>
    public static void Add(CompositeWrites composite, IReadOnlyList<ResolvedSalesforceWrite> writes, List<WriteBackFailure> failures)
    {
        var updates = writes.Where(static w => w.Kind == SalesforceWriteKind.Update)
            .GroupBy(static w => w.SObjectType, StringComparer.Ordinal)
            .SelectMany(g => MergePerRecord(g).Select(r => (Type: g.Key, Record: r)))
            .ToList();
        var creates = writes.Where(static w => w.Kind == SalesforceWriteKind.Create).Select(static w => (Type: w.SObjectType, Record: ToJson(w))).ToList();
        foreach (var (method, operation, records) in new[] { (HttpMethod.Patch, "update", updates), (HttpMethod.Post, "create", creates) })
        {
            if (records.Count == 0)
            {
                continue;
            }

            var typed = records.Select(static r => Typed(r.Type, r.Record)).ToList();
            composite.AddCollection(method, typed, (i, result) =>
            {
                if (!result.Success)
                {
                    failures.Add(new WriteBackFailure(records[i].Type, operation == "update" ? records[i].Record["Id"]!.GetValue<string>() : null, operation, result.Errors));
                }
            });
        }
    }

    private static JsonObject Typed(string type, JsonObject record)
    {
        var typed = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type } };
        foreach (var (name, value) in record)
        {
            typed[name] = value?.DeepClone();
        }

        return typed;
    }

    /// <summary>Several write-backs to one record (id, then link) become one record in the request.</summary>
    private static List<JsonObject> MergePerRecord(IEnumerable<ResolvedSalesforceWrite> writes)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var order = new List<JsonObject>();
        foreach (var write in writes)
        {
            var id = write.RecordId ?? throw new InvalidOperationException($"An update of {write.SObjectType} needs the record's id.");
            if (!byId.TryGetValue(id, out var record))
            {
                record = new JsonObject { ["Id"] = id };
                byId[id] = record;
                order.Add(record);
            }

            foreach (var (name, value) in write.Fields)
            {
                record[name] = value;
            }
        }

        return order;
    }

    private static JsonObject ToJson(ResolvedSalesforceWrite write)
    {
        var record = new JsonObject();
        foreach (var (name, value) in write.Fields)
        {
            record[name] = value;
        }

        return record;
    }
}
