using System.Text.Json.Nodes;
using CpqSync.Core.Salesforce;
using CpqSync.Salesforce;
using CpqSync.Storage;
using Field = CpqSync.Core.Salesforce.PackageFields.SyncRecord;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Upserts one sync's Sync Records on <c>Compound_ID__c</c>, flips the primary record's earlier errors to Resolved
/// after a success, and deletes the oldest rows beyond the retention count. The upsert travels with the write-back
/// (<see cref="Add"/>), so the usual sync writes all of it in one call, batched with the pass's other syncs; a second
/// round comes only when there are earlier errors to resolve, rows to expire or write-backs refused.
/// </summary>
/// <remarks>
/// The primary record's earlier rows (which are errors, which are beyond retention) come from the store
/// (<see cref="ISyncStore.GetSyncRecordRowsAsync"/>), which remembers every row a write-back wrote; only a record the
/// store does not know (synced before it kept them) has its rows read, once, in the write-back's call.
/// </remarks>
internal sealed class SyncRecordWriter(SyncAttempt attempt, SyncRecordPreferences preferences, DateTimeOffset completedAt, ISyncStore? store = null)
{
    private const string SObject = PackageFields.SyncRecordObject;
    private const string ExternalId = Field.CompoundId;

    /// <summary>Primary records whose rows one query reads, when the store does not know them: at 20 rows each, one page.</summary>
    private const int PrimariesPerQuery = 100;

    /// <summary>Salesforce's codes for a row that is no longer there (a user deleted it): nothing left to resolve or expire.</summary>
    private static readonly string[] Gone = ["ENTITY_IS_DELETED", "INVALID_CROSS_REFERENCE_KEY", "NOT_FOUND"];

    /// <summary>Writes <paramref name="entries"/> on their own: one call, two when earlier rows need resolving or expiring.</summary>
    public async Task<WriteBackReport> WriteAsync(
        SalesforceClient client, SyncRecordEntries entries, IReadOnlyList<WriteBackFailure> earlierFailures, CancellationToken cancellationToken)
    {
        var composite = new CompositeWrites(client);
        var pending = await AddAsync(composite, entries, cancellationToken).ConfigureAwait(false);
        await composite.SendBatchedAsync(cancellationToken).ConfigureAwait(false);
        var failures = new List<WriteBackFailure>(earlierFailures);
        return await FinishAsync(client, pending, entries, failures, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds the upsert of <paramref name="entries"/> to <paramref name="composite"/>, with the read of the primary
    /// record's rows when the store does not know them.
    /// </summary>
    public async Task<Pending> AddAsync(CompositeWrites composite, SyncRecordEntries entries, CancellationToken cancellationToken)
    {
        var known = store is not null && attempt.ConnectionId is { } connectionId
            ? await store.GetSyncRecordRowsAsync(connectionId, attempt.PrimaryId, cancellationToken).ConfigureAwait(false)
            : null;
        return Add(composite, entries, known);
    }

    private Pending Add(CompositeWrites composite, SyncRecordEntries entries, IReadOnlyList<SyncRecordRow>? known)
    {
        var pending = new Pending();
        var records = entries.All.Select(e => (e.Key, Record: e.Value.ToRecord(attempt, preferences, completedAt))).ToList();
        foreach (var (key, record) in records)
        {
            pending.Sent[key] = record.ToJsonString();
        }

        composite.AddCollection(HttpMethod.Patch, [.. records.Select(static r => r.Record)], (i, result) => pending.Results[records[i].Key] = result, (SObject, ExternalId));
        if (known is not null)
        {
            pending.Existing.AddRange(known.Select(static row => new ExistingRow(row.SalesforceId, row.CompoundId, row.Status, row.CompletedAt)));
            return pending;
        }

        // Read after the upsert (queries go last), for every primary record of the batch the store does not know at once.
        pending.Read = true;
        composite.AddQueryById("sync records", attempt.PrimaryId, PrimariesPerQuery, static ids => Soql.Query(
                $"SELECT {Soql.Fields("Id", Field.PrimaryRecordId, Field.CompoundId, Field.ResolutionStatus, Field.CompletedAt)} FROM {Soql.Identifier(SObject)} WHERE {Soql.Identifier(Field.PrimaryRecordId)} IN {ids}"),
            (rows, refused) =>
            {
                pending.QueryError = refused;
                pending.Existing.AddRange((rows ?? [])
                    .Where(row => row[Field.PrimaryRecordId]?.GetValue<string>() == attempt.PrimaryId)
                    .Select(static row => new ExistingRow(
                        row["Id"]!.GetValue<string>(),
                        row[Field.CompoundId]?.GetValue<string>() ?? string.Empty,
                        row[Field.ResolutionStatus]?.GetValue<string>(),
                        row[Field.CompletedAt]?.GetValue<string>() ?? string.Empty)));
            });
        return pending;
    }

    /// <summary>
    /// After the write-back: the rows whose content changed since <see cref="AddAsync"/> (a refused write-back turns into
    /// an Error row), the earlier errors resolved by a success and the expired rows, in one more round when there are
    /// any; then the store learns the rows as they now are.
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
        var upserts = new List<(string Key, string Status, JsonObject Record)>();
        foreach (var (key, entry) in entries.All)
        {
            var record = entry.ToRecord(attempt, preferences, completedAt);
            if (!pending.Sent.TryGetValue(key, out var sent) || sent != record.ToJsonString())
            {
                upserts.Add((key, entry.Status, record));
            }
        }

        // An earlier error is flipped by its id when known (a row a user deleted stays deleted), else by its key.
        var flips = toResolve.Select(r => (Row: r, Record: r.Id is { } id
                ? new JsonObject { ["attributes"] = new JsonObject { ["type"] = SObject }, ["Id"] = id, [Field.ResolutionStatus] = SyncRecordStatus.Resolved }
                : new JsonObject { [ExternalId] = r.CompoundId, [Field.ResolutionStatus] = SyncRecordStatus.Resolved }))
            .ToList();

        var resolved = new List<ExistingRow>();
        var removed = new List<string>();
        var composite = new CompositeWrites(client);
        if (upserts.Count > 0)
        {
            composite.AddCollection(HttpMethod.Patch, [.. upserts.Select(static u => u.Record)], (i, result) => results[upserts[i].Key] = result, (SObject, ExternalId));
        }

        void Flipped(ExistingRow row, SaveResult result)
        {
            if (result.Success)
            {
                resolved.Add(row);
            }
            else if (IsGone(result))
            {
                removed.Add(row.CompoundId);
            }
            else
            {
                failures.Add(new WriteBackFailure(SObject, row.CompoundId, "upsert", result.Errors));
            }
        }

        var byId = flips.Where(static f => f.Row.Id is not null).ToList();
        var byKey = flips.Where(static f => f.Row.Id is null).ToList();
        if (byId.Count > 0)
        {
            composite.AddCollection(HttpMethod.Patch, [.. byId.Select(static f => f.Record)], (i, result) => Flipped(byId[i].Row, result));
        }

        if (byKey.Count > 0)
        {
            composite.AddCollection(HttpMethod.Patch, [.. byKey.Select(static f => f.Record)], (i, result) => Flipped(byKey[i].Row, result), (SObject, ExternalId));
        }

        var deleted = 0;
        var deletable = expired.Where(static r => r.Id is not null).ToList();
        if (deletable.Count > 0)
        {
            composite.AddDelete([.. deletable.Select(static r => r.Id!)], (i, result) =>
            {
                if (result.Success)
                {
                    deleted++;
                    removed.Add(deletable[i].CompoundId);
                }
                else if (IsGone(result))
                {
                    removed.Add(deletable[i].CompoundId);
                }
                else
                {
                    failures.Add(new WriteBackFailure(SObject, deletable[i].Id, "delete", result.Errors));
                }
            });
        }

        await composite.SendBatchedAsync(cancellationToken).ConfigureAwait(false);

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

        await RememberAsync(pending, written, resolved, removed, cancellationToken).ConfigureAwait(false);
        return new WriteBackReport(failures, written, resolved.Count, deleted);
    }

    /// <summary>The store learns the primary record's rows as Salesforce now holds them (read ones included).</summary>
    private async Task RememberAsync(
        Pending pending, List<WrittenSyncRecord> written, List<ExistingRow> resolved, List<string> removed, CancellationToken cancellationToken)
    {
        if (store is null || attempt.ConnectionId is not { } connectionId || (pending.Read && pending.QueryError is not null))
        {
            // Rows the store does not know and could not read stay unknown: the next write-back reads them.
            return;
        }

        var rows = new List<SyncRecordRow>();
        if (pending.Read)
        {
            rows.AddRange(pending.Existing.Select(r => new SyncRecordRow(attempt.PrimaryId, r.CompoundId, r.Id, r.Status ?? string.Empty, r.CompletedAt)));
        }

        var stamp = SyncRecordEntry.Timestamp(completedAt);
        rows.AddRange(written.Select(w => new SyncRecordRow(attempt.PrimaryId, w.CompoundId, w.Id, w.Status, stamp)));
        rows.AddRange(resolved.Select(r => new SyncRecordRow(attempt.PrimaryId, r.CompoundId, r.Id, SyncRecordStatus.Resolved, r.CompletedAt)));
        var gone = removed.ToHashSet(StringComparer.Ordinal);
        await store.SaveSyncRecordRowsAsync(connectionId, attempt.PrimaryId, [.. rows.Where(r => !gone.Contains(r.CompoundId))], [.. gone], cancellationToken)
            .ConfigureAwait(false);
    }

    private static bool IsGone(SaveResult result) => result.Errors.Count > 0 && result.Errors.All(static e => Gone.Contains(e.ErrorCode));

    /// <summary>What <see cref="AddAsync"/> sent and got back.</summary>
    internal sealed class Pending
    {
        public Dictionary<string, string> Sent { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, SaveResult> Results { get; } = new(StringComparer.Ordinal);

        public List<ExistingRow> Existing { get; } = [];

        /// <summary>The earlier rows were read from Salesforce (the store did not know them).</summary>
        public bool Read { get; set; }

        public SalesforceApiException? QueryError { get; set; }
    }

    internal sealed record ExistingRow(string? Id, string CompoundId, string? Status, string CompletedAt);
}
