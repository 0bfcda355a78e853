using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Snapshots;
using CpqSync.Salesforce;
using static CpqSync.Engine.Snapshots.PlannerFields;

namespace CpqSync.Engine.Records;

/// <summary>
/// Reads what a manual sync of products, a price book or an account needs, with the select lists an order snapshot
/// uses (so the records carry the same fields and mappings), in a fixed number of composite calls.
/// </summary>
/// <remarks>
/// Rounds: (1) the named records (a price book's entries come with their products in the same rows); (2) for the
/// connection's Product2, PricebookEntry or Account filters, which named records pass them; (3) for price books, the
/// products' consumption schedules, then (4) their rates. Ids may be given in 15 or 18 characters.
/// </remarks>
public sealed class RecordSnapshotReader(SalesforceClient client)
{
    private const string Pricebook = "Pricebook2";
    private const string PricebookPrefix = "01s";
    private const string EntryPrefix = "01u";
    private const int IdsPerQuery = 200;

    private readonly OrgSchema _schema = new(client);

    public async Task<RecordSnapshot> ReadAsync(
        RecordSyncTarget target, SyncConfiguration configuration, SyncPreferences preferences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(preferences);
        var calls = new CallCounter();
        await _schema.EnsureDescribedAsync(Objects(configuration), calls, cancellationToken).ConfigureAwait(false);
        var select = SelectLists.Build(_schema, configuration);
        var ids = target.Ids.Where(SalesforceIds.IsWellFormed).Distinct(StringComparer.Ordinal).ToList();
        var merged = new RecordMerger();
        var read = new Reads(client, calls, select, preferences, merged);

        var (primaryType, filtered) = target.Kind switch
        {
            RecordSyncKind.Products => (Product, await read.NamedAsync(Product, ids, cancellationToken).ConfigureAwait(false)),
            RecordSyncKind.Account => (Account, await read.NamedAsync(Account, ids, cancellationToken).ConfigureAwait(false)),
            RecordSyncKind.Pricebook => (PricebookEntry, await read.PricebookAsync(
                ids.Where(static id => id.StartsWith(PricebookPrefix, StringComparison.Ordinal)).ToList(),
                ids.Where(static id => id.StartsWith(EntryPrefix, StringComparison.Ordinal)).ToList(),
                cancellationToken).ConfigureAwait(false)),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Kind, "Unknown record sync kind."),
        };
        if (target.Kind == RecordSyncKind.Pricebook)
        {
            await read.SchedulesAsync(cancellationToken).ConfigureAwait(false);
        }

        return Snapshot(target, merged.ToRecordSet(), primaryType, filtered, calls.Calls);
    }

    private static RecordSnapshot Snapshot(RecordSyncTarget target, RecordSet records, string primaryType, IReadOnlySet<string> passing, int calls)
    {
        var named = new List<string>();
        var missing = new List<string>();
        var filteredOut = new List<string>();
        foreach (var id in target.Ids)
        {
            var expected = target.Kind != RecordSyncKind.Pricebook ? primaryType : id.StartsWith(PricebookPrefix, StringComparison.Ordinal) ? Pricebook : PricebookEntry;
            var record = Find(records, expected, id);
            if (record is null)
            {
                missing.Add(id);
            }
            else if (expected != Pricebook && !passing.Contains(record.Id))
            {
                filteredOut.Add(record.Id);
            }
            else
            {
                named.Add(record.Id);
            }
        }

        var primary = target.Kind == RecordSyncKind.Pricebook
            ? Entries(records, named, passing)
            : named.Distinct(StringComparer.Ordinal).Select(id => records.Find(id)!).ToList();
        return new RecordSnapshot(target with { Ids = named.Distinct(StringComparer.Ordinal).ToList() }, records, primary, missing, filteredOut, calls);
    }

    /// <summary>The named entries, and the active ones of the named price books that pass the filters, in id order.</summary>
    private static List<SfRecord> Entries(RecordSet records, List<string> named, IReadOnlySet<string> passing)
    {
        var entries = new SortedDictionary<string, SfRecord>(StringComparer.Ordinal);
        foreach (var id in named)
        {
            var record = records.Find(id)!;
            var found = record.Type == Pricebook
                ? records.Children(PricebookEntry, "Pricebook2Id", id).Where(e => passing.Contains(e.Id) && (!e.Has("IsActive") || e.GetBool("IsActive")))
                : [record];
            foreach (var entry in found)
            {
                entries[entry.Id] = entry;
            }
        }

        return [.. entries.Values];
    }

    /// <summary>The record of that type with that id, given in 15 or 18 characters (the first 15 are case-sensitive).</summary>
    private static SfRecord? Find(RecordSet records, string type, string id) =>
        records.Find(id) is { } exact && exact.Type == type
            ? exact
            : id.Length == 15 ? records.OfType(type).FirstOrDefault(r => r.Id.StartsWith(id, StringComparison.Ordinal)) : null;

    /// <summary>The query rounds; each adds what it read to the shared merger.</summary>
    private sealed class Reads(SalesforceClient client, CallCounter calls, SelectLists select, SyncPreferences preferences, RecordMerger merged)
    {
        /// <summary>Named products or accounts; returns the ids that pass the connection's filters on that object.</summary>
        public async Task<IReadOnlySet<string>> NamedAsync(string sObject, List<string> ids, CancellationToken cancellationToken)
        {
            var batch = new QueryBatch(client, calls);
            foreach (var slice in ids.Chunk(IdsPerQuery))
            {
                batch.Add(sObject, Soql.Query($"SELECT {Soql.Fields(select.For(sObject))} FROM {Soql.Identifier(sObject)} WHERE Id IN {slice.ToList()}"));
            }

            await RunAsync(batch, cancellationToken).ConfigureAwait(false);
            return await PassingAsync(sObject, Conditions((sObject, "")), merged.OfType(sObject), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Named price books and entries, the books' entries, with their products in the same rows.</summary>
        public async Task<IReadOnlySet<string>> PricebookAsync(List<string> books, List<string> entries, CancellationToken cancellationToken)
        {
            var fields = Soql.Fields(select.For(PricebookEntry).Concat(select.For(Product).Select(static f => "Product2." + f)));
            var filters = Conditions((PricebookEntry, ""), (Product, "Product2."));
            var batch = new QueryBatch(client, calls);
            foreach (var slice in books.Chunk(IdsPerQuery))
            {
                var sliceIds = slice.ToList();
                batch.Add(Pricebook, Soql.Query($"SELECT Id, Name FROM Pricebook2 WHERE Id IN {sliceIds}"));
                // A book's entries the filters exclude are not read at all: they are not part of its sync.
                batch.Add(PricebookEntry, filters is null
                    ? Soql.Query($"SELECT {fields} FROM PricebookEntry WHERE Pricebook2Id IN {sliceIds}")
                    : Soql.Query($"SELECT {fields} FROM PricebookEntry WHERE Pricebook2Id IN {sliceIds} AND {filters}"));
            }

            foreach (var slice in entries.Chunk(IdsPerQuery))
            {
                batch.Add(PricebookEntry, Soql.Query($"SELECT {fields} FROM PricebookEntry WHERE Id IN {slice.ToList()}"));
            }

            await RunAsync(batch, cancellationToken).ConfigureAwait(false);
            return await PassingAsync(PricebookEntry, filters, merged.OfType(PricebookEntry), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The consumption schedules (tiers) of the entries' products, then their rates.</summary>
        public async Task SchedulesAsync(CancellationToken cancellationToken)
        {
            var products = merged.OfType(Product).Select(static p => p.Id).ToList();
            var batch = new QueryBatch(client, calls);
            foreach (var slice in products.Chunk(IdsPerQuery))
            {
                batch.Add(ProductConsumptionSchedule, Soql.Query(
                    $"SELECT {Soql.Fields(select.WithParents(ProductConsumptionSchedule))} FROM ProductConsumptionSchedule WHERE ProductId IN {slice.ToList()}"));
            }

            await RunAsync(batch, cancellationToken).ConfigureAwait(false);
            var rates = new QueryBatch(client, calls);
            var schedules = merged.OfType(ProductConsumptionSchedule).Select(static s => s.GetString("ConsumptionScheduleId")).OfType<string>().Distinct().ToList();
            foreach (var slice in schedules.Chunk(IdsPerQuery))
            {
                rates.Add(ConsumptionRate, Soql.Query(
                    $"SELECT {Soql.Fields(select.For(ConsumptionRate))} FROM ConsumptionRate WHERE ConsumptionScheduleId IN {slice.ToList()}"));
            }

            await RunAsync(rates, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Of <paramref name="records"/>, those the filters let through: all of them when no filter applies.</summary>
        private async Task<IReadOnlySet<string>> PassingAsync(string sObject, SoqlQuery? filters, IEnumerable<SfRecord> records, CancellationToken cancellationToken)
        {
            var ids = records.Select(static r => r.Id).ToList();
            if (filters is null || ids.Count == 0)
            {
                return ids.ToHashSet(StringComparer.Ordinal);
            }

            var batch = new QueryBatch(client, calls);
            foreach (var slice in ids.Chunk(IdsPerQuery))
            {
                batch.Add(sObject, Soql.Query($"SELECT Id FROM {Soql.Identifier(sObject)} WHERE Id IN {slice.ToList()} AND {filters}"));
            }

            return (await batch.RunAsync(cancellationToken).ConfigureAwait(false)).Select(static r => r.Id).ToHashSet(StringComparer.Ordinal);
        }

        /// <summary>The connection's filters on these objects, reached from the queried one through each prefix.</summary>
        private SoqlQuery? Conditions(params (string SObject, string Prefix)[] objects) => SyncFilterCompiler.And(
            preferences.Filters.SelectMany(filter => objects
                .Where(o => string.Equals(o.SObject, filter.ObjectName, StringComparison.OrdinalIgnoreCase))
                .Select(o => SyncFilterCompiler.Compile(filter, o.Prefix))));

        private async Task RunAsync(QueryBatch batch, CancellationToken cancellationToken)
        {
            if (batch.Count > 0)
            {
                merged.AddRange(await batch.RunAsync(cancellationToken).ConfigureAwait(false));
            }
        }
    }
}
