using System.Text.Json.Nodes;
using CpqSync.Core.Planning;
using CpqSync.Salesforce;
using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Writes resolved write-backs through sObject Collections: updates merged per record and grouped per object type,
/// creates grouped per object type, never all-or-none, so one refused record does not hold back the others.
/// </summary>
internal sealed class RecordWriteBack(SalesforceClient client)
{
    public async Task<IReadOnlyList<WriteBackFailure>> ApplyAsync(
        IReadOnlyList<ResolvedSalesforceWrite> writes, CancellationToken cancellationToken)
    {
        var failures = new List<WriteBackFailure>();
        writes = await CouponCopies.MatchExistingAsync(client, writes, cancellationToken).ConfigureAwait(false);
        foreach (var group in writes.Where(w => w.Kind == SalesforceWriteKind.Update).GroupBy(w => w.SObjectType, StringComparer.Ordinal))
        {
            var records = MergePerRecord(group);
            var ids = records.Select(r => (string?)r["Id"]!.GetValue<string>()).ToList();
            await SendAsync(group.Key, "update", ids, ct => client.UpdateManyAsync(group.Key, records, false, ct), failures, cancellationToken)
                .ConfigureAwait(false);
        }

        foreach (var group in writes.Where(w => w.Kind == SalesforceWriteKind.Create).GroupBy(w => w.SObjectType, StringComparer.Ordinal))
        {
            var records = group.Select(ToJson).ToList();
            var ids = records.Select(_ => (string?)null).ToList();
            await SendAsync(group.Key, "create", ids, ct => client.CreateManyAsync(group.Key, records, false, ct), failures, cancellationToken)
                .ConfigureAwait(false);
        }

        return failures;
    }

    private static async Task SendAsync(
        string sObjectType,
        string operation,
        IReadOnlyList<string?> ids,
        Func<CancellationToken, Task<IReadOnlyList<SaveResult>>> send,
        List<WriteBackFailure> failures,
        CancellationToken cancellationToken)
    {
        try
        {
            var results = await send(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < results.Count; i++)
            {
                if (!results[i].Success)
                {
                    failures.Add(new WriteBackFailure(sObjectType, ids[i], operation, results[i].Errors));
                }
            }
        }
        catch (SalesforceApiException ex)
        {
            // The whole request was refused (bad session, limits): every record in it is reported, none dropped.
            failures.AddRange(ids.Select(id => new WriteBackFailure(sObjectType, id, operation, ex.Errors)));
        }
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
