using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Upserts one sync's Sync Records on <c>Compound_ID__c</c>, flips the primary record's earlier errors to Resolved
/// after a success, and deletes the oldest rows beyond the retention count: one query, one upsert, at most one delete.
/// </summary>
internal sealed class SyncRecordWriter(SalesforceClient client, SyncAttempt attempt, SyncRecordPreferences preferences, DateTimeOffset completedAt)
{
    private const string SObject = PackageFields.SyncRecordObject;

    public async Task<WriteBackReport> WriteAsync(
        SyncRecordEntries entries, IReadOnlyList<WriteBackFailure> earlierFailures, CancellationToken cancellationToken)
    {
        var failures = new List<WriteBackFailure>(earlierFailures);
        var existing = await ExistingAsync(failures, cancellationToken).ConfigureAwait(false);

        // Newest first: this sync's rows, then the others by completion. Salesforce returns every DateTime in UTC
        // with the same format, so ordinal order of the text is time order.
        var others = existing.Where(r => !entries.Contains(r.CompoundId))
            .OrderByDescending(r => r.CompletedAt, StringComparer.Ordinal)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var keep = Math.Max(0, preferences.RetentionCount - entries.All.Count());
        var expired = others.Skip(keep).ToList();
        var toResolve = entries.HasSuccess
            ? others.Take(keep).Where(r => r.Status == SyncRecordStatus.Error).ToList()
            : [];

        var upserts = entries.All.Select(e => (e.Key, e.Value.Status, Record: e.Value.ToRecord(attempt, preferences, completedAt))).ToList();
        upserts.AddRange(toResolve.Select(r => (r.CompoundId, SyncRecordStatus.Resolved, new JsonObject
        {
            ["Compound_ID__c"] = r.CompoundId,
            ["Resolution_Status__c"] = SyncRecordStatus.Resolved,
        })));

        var written = new List<WrittenSyncRecord>();
        var resolved = 0;
        var results = await SendAsync("upsert", upserts.Select(u => (string?)u.Key).ToList(), ct =>
            client.UpsertManyAsync(SObject, "Compound_ID__c", upserts.Select(u => u.Record).ToList(), false, ct), failures, cancellationToken)
            .ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            if (!results[i].Success)
            {
                continue;
            }

            if (i < upserts.Count - toResolve.Count)
            {
                written.Add(new WrittenSyncRecord(upserts[i].Key, results[i].Id, upserts[i].Status, results[i].Created ?? false));
            }
            else
            {
                resolved++;
            }
        }

        var deleted = 0;
        if (expired.Count > 0)
        {
            var ids = expired.Select(r => r.Id).ToList();
            var deletes = await SendAsync("delete", ids.Select(id => (string?)id).ToList(), ct => client.DeleteManyAsync(ids, false, ct), failures, cancellationToken)
                .ConfigureAwait(false);
            deleted = deletes.Count(r => r.Success);
        }

        return new WriteBackReport(failures, written, resolved, deleted);
    }

    private async Task<List<ExistingRow>> ExistingAsync(List<WriteBackFailure> failures, CancellationToken cancellationToken)
    {
        var rows = new List<ExistingRow>();
        try
        {
            var query = Soql.Query(
                $"SELECT Id, Compound_ID__c, Resolution_Status__c, Completed_At__c FROM Stripe_Sync_Record__c WHERE Primary_Record_ID__c = {attempt.PrimaryId}");
            await foreach (var row in client.QueryAsync(query, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new ExistingRow(
                    row["Id"]!.GetValue<string>(),
                    row["Compound_ID__c"]?.GetValue<string>() ?? string.Empty,
                    row["Resolution_Status__c"]?.GetValue<string>(),
                    row["Completed_At__c"]?.GetValue<string>() ?? string.Empty));
            }
        }
        catch (SalesforceApiException ex)
        {
            // Without the earlier rows this sync still records itself; resolving and retention wait for the next one.
            failures.Add(new WriteBackFailure(SObject, null, "query", ex.Errors));
            return [];
        }

        return rows;
    }

    private static async Task<IReadOnlyList<SaveResult>> SendAsync(
        string operation,
        IReadOnlyList<string?> keys,
        Func<CancellationToken, Task<IReadOnlyList<SaveResult>>> send,
        List<WriteBackFailure> failures,
        CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        IReadOnlyList<SaveResult> results;
        try
        {
            results = await send(cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException ex)
        {
            results = keys.Select(_ => new SaveResult(null, false, ex.Errors)).ToList();
        }

        for (var i = 0; i < results.Count; i++)
        {
            if (!results[i].Success)
            {
                failures.Add(new WriteBackFailure(SObject, keys[i], operation, results[i].Errors));
            }
        }

        return results;
    }

    private sealed record ExistingRow(string Id, string CompoundId, string? Status, string CompletedAt);
}
