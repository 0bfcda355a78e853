using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Upserts one sync's Sync Records on <c>Compound_ID__c</c>, flips the primary record's earlier errors to Resolved
/// after a success, and deletes the oldest rows beyond the retention count. The upsert and the read of the primary
/// record's rows travel with the write-back (<see cref="Add"/>), so the usual sync writes all of it in one call; a second
/// call comes only when there are earlier errors to resolve, rows to expire or write-backs refused.
/// </summary>
internal sealed class SyncRecordWriter(SyncAttempt attempt, SyncRecordPreferences preferences, DateTimeOffset completedAt)
{
    private const string SObject = PackageFields.SyncRecordObject;
    private const string ExternalId = "Compound_ID__c";

    /// <summary>Writes <paramref name="entries"/> on their own: one call, two when earlier rows need resolving or expiring.</summary>
    public async Task<WriteBackReport> WriteAsync(
        SalesforceClient client, SyncRecordEntries entries, IReadOnlyList<WriteBackFailure> earlierFailures, CancellationToken cancellationToken)
    {
        var composite = new CompositeWrites(client);
        var pending = Add(composite, entries);
        await composite.SendAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<WriteBackFailure>(earlierFailures);
        return await FinishAsync(client, pending, entries, failures, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the upsert of <paramref name="entries"/> and the read of the primary record's rows (after it) to <paramref name="composite"/>.</summary>
    public Pending Add(CompositeWrites composite, SyncRecordEntries entries)
    {
        var pending = new Pending();
        var records = entries.All.Select(e => (e.Key, Record: e.Value.ToRecord(attempt, preferences, completedAt))).ToList();
        foreach (var (key, record) in records)
        {
            pending.Sent[key] = record.ToJsonString();
        }

        composite.AddCollection(HttpMethod.Patch, [.. records.Select(static r => r.Record)], (i, result) => pending.Results[records[i].Key] = result, (SObject, ExternalId));
        composite.AddQuery(Soql.Query(
                $"SELECT Id, Compound_ID__c, Resolution_Status__c, Completed_At__c FROM Stripe_Sync_Record__c WHERE Primary_Record_ID__c = {attempt.PrimaryId}"),
            (rows, refused) =>
            {
                pending.QueryError = refused;
                pending.Existing.AddRange((rows ?? []).Select(static row => new ExistingRow(
                    row["Id"]!.GetValue<string>(),
                    row["Compound_ID__c"]?.GetValue<string>() ?? string.Empty,
                    row["Resolution_Status__c"]?.GetValue<string>(),
                    row["Completed_At__c"]?.GetValue<string>() ?? string.Empty)));
            });
        return pending;
    }

    /// <summary>
    /// After the write-back: the rows whose content changed since <see cref="Add"/> (a refused write-back turns into
    /// an Error row), the earlier errors resolved by a success and the expired rows, in one more call when there are any.
    /// </summary>
    public async Task<WriteBackReport> FinishAsync(
        SalesforceClient client, Pending pending, SyncRecordEntries entries, List<WriteBackFailure> failures, CancellationToken cancellationToken)
    {
        if (pending.QueryError is { } queryError)
        {
            // Without the earlier rows this sync still records itself; resolving and retention wait for the next one.
            failures.Add(new WriteBackFailure(SObject, null, "query", queryError.Errors));
        }

        // Newest first: this sync's rows, then the others by completion. Salesforce returns every DateTime in UTC
        // with the same format, so ordinal order of the text is time order.
        var others = pending.Existing.Where(r => !entries.Contains(r.CompoundId))
            .OrderByDescending(r => r.CompletedAt, StringComparer.Ordinal)
            .ThenByDescending(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var keep = Math.Max(0, preferences.RetentionCount - entries.All.Count());
        var expired = others.Skip(keep).ToList();
        var toResolve = entries.HasSuccess
            ? others.Take(keep).Where(r => r.Status == SyncRecordStatus.Error).ToList()
            : [];

        var results = new Dictionary<string, SaveResult>(pending.Results, StringComparer.Ordinal);
        var upserts = new List<(string Key, string Status, bool Flip, JsonObject Record)>();
        foreach (var (key, entry) in entries.All)
        {
            var record = entry.ToRecord(attempt, preferences, completedAt);
            if (!pending.Sent.TryGetValue(key, out var sent) || sent != record.ToJsonString())
            {
                upserts.Add((key, entry.Status, false, record));
            }
        }

        upserts.AddRange(toResolve.Select(r => (r.CompoundId, SyncRecordStatus.Resolved, true, new JsonObject
        {
            [ExternalId] = r.CompoundId,
            ["Resolution_Status__c"] = SyncRecordStatus.Resolved,
        })));

        var resolved = 0;
        var deleted = 0;
        var composite = new CompositeWrites(client);
        if (upserts.Count > 0)
        {
            composite.AddCollection(HttpMethod.Patch, [.. upserts.Select(static u => u.Record)], (i, result) =>
            {
                if (upserts[i].Flip)
                {
                    resolved += result.Success ? 1 : 0;
                    if (!result.Success)
                    {
                        failures.Add(new WriteBackFailure(SObject, upserts[i].Key, "upsert", result.Errors));
                    }
                }
                else
                {
                    results[upserts[i].Key] = result;
                }
            }, (SObject, ExternalId));
        }

        if (expired.Count > 0)
        {
            composite.AddDelete([.. expired.Select(static r => r.Id)], (i, result) =>
            {
                if (result.Success)
                {
                    deleted++;
                }
                else
                {
                    failures.Add(new WriteBackFailure(SObject, expired[i].Id, "delete", result.Errors));
                }
            });
        }

        await composite.SendAsync(cancellationToken).ConfigureAwait(false);

        var written = new List<WrittenSyncRecord>();
        foreach (var (key, entry) in entries.All)
        {
            if (!results.TryGetValue(key, out var result))
            {
                continue;
            }

            if (result.Success)
            {
                written.Add(new WrittenSyncRecord(key, result.Id, entry.Status, result.Created ?? false));
            }
            else
            {
                failures.Add(new WriteBackFailure(SObject, key, "upsert", result.Errors));
            }
        }

        return new WriteBackReport(failures, written, resolved, deleted);
    }

    /// <summary>What <see cref="Add"/> sent and got back.</summary>
    internal sealed class Pending
    {
        public Dictionary<string, string> Sent { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SaveResult> Results { get; } = new(StringComparer.Ordinal);

        public List<ExistingRow> Existing { get; } = [];

        public SalesforceApiException? QueryError { get; set; }
    }

    internal sealed record ExistingRow(string Id, string CompoundId, string? Status, string CompletedAt);
}
