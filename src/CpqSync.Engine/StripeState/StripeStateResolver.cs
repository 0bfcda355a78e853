using System.Collections.Concurrent;
using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.Sync;
using CpqSync.Storage;
using CpqSync.Stripe;
using CpqSync.Stripe.State;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Gives the planner what Stripe holds for an order, or for the records of a manual sync: looks up the Stripe ids
/// written back on the records, and, for a record with none or one naming nothing in Stripe, looks for the object an
/// earlier run made in the store's id map and by the metadata CpqSync put on it.
/// </summary>
/// <remarks>
/// Recovery covers the case where the write-back to Salesforce was lost or is wrong (a crash between Stripe's answer
/// and the write-back, a lost local store, an id edited by hand): the accounts (customers by <c>{prefix}account_id</c>),
/// the products (by <c>{prefix}product2_id</c>), the prices (through the id map) and, once the customer is known, the
/// order itself (its schedule, subscription or invoice by <c>{prefix}order_id</c>). "Written but not in Stripe" is
/// handled like "not written". A recovered id is set on the record in the returned records, so the planner reuses the
/// object instead of creating a second one. When several objects could be the one, nothing is guessed: the record's
/// conflict is returned and the sync refused with <c>STRIPE_OBJECT_AMBIGUOUS</c>.
/// </remarks>
public sealed class StripeStateResolver(
    StripeStateReader reader, StripeMetadataSearch search, ILogger<StripeStateResolver> logger, StripeAttempts? attempts = null,
    StripeCreates? creates = null)
{
    private const string StripeId = PackageFields.StripeId;

    private readonly StripeStateReader _reader = reader;
    private readonly StripeMetadataSearch _search = search;
    private readonly ILogger _logger = logger;
    private readonly StripeCreates? _creates = creates;

    /// <summary>The syncs that wrote to Stripe without recording their ids yet (this engine's own, and the store's).</summary>
    public StripeAttempts Attempts { get; } = attempts ?? new StripeAttempts();

    /// <summary>Searches run a few at a time, like the reader's GETs.</summary>
    private const int MaxConcurrentSearches = 4;

    /// <inheritdoc cref="ResolveAsync(OrderSnapshot, SyncConfiguration, IdMapScope?, CancellationToken)"/>
    public Task<ResolvedSnapshot> ResolveAsync(OrderSnapshot snapshot, SyncConfiguration configuration, CancellationToken cancellationToken) =>
        ResolveAsync(snapshot, configuration, idMap: null, cancellationToken);

    /// <param name="idMap">
    /// The connection's id map, consulted before Stripe's search; <see langword="null"/> (a preview) searches only. With
    /// an id map (and not <see cref="IdMapScope.Verify"/>), a customer's or product's written id the id map confirms is
    /// trusted without a read, prices are read once per engine, and records are searched for by metadata only when an
    /// interrupted attempt may have created their objects (<see cref="StripeAttempts"/>).
    /// </param>
    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached (see its <c>IsTransient</c>).</exception>
    public async Task<ResolvedSnapshot> ResolveAsync(
        OrderSnapshot snapshot, SyncConfiguration configuration, IdMapScope? idMap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(configuration);
        var order = snapshot.Order;
        var account = snapshot.Records.Follow(order, PlannerFields.Account);
        var pass = new Pass(this, configuration.Settings.MetadataPrefix, idMap, trusting: idMap is { Verify: false });
        var amendment = IsAmendment(snapshot.Records, order);
        var resolved = await pass.RunAsync(snapshot.Records, account is null ? [] : [account],
            amendment ? null : order, amendment ? order : null, cancellationToken).ConfigureAwait(false);

        var records = resolved.Records;
        var result = new ResolvedSnapshot(
            ReferenceEquals(records, snapshot.Records) ? snapshot : snapshot with { Records = records, StripeIds = StripeReferences.From(records) },
            resolved.State, resolved.StripeCalls)
        {
            RecoveredIds = resolved.RecoveredIds,
            Conflicts = resolved.Conflicts,
        };

        // An invoice is made in several calls (the invoice, then an item per line): a crash between them leaves it partial.
        var invoiceId = result.Snapshot.Order.GetString(StripeId);
        if (invoiceId is not null && result.State.Invoices.Contains(invoiceId))
        {
            var (lines, calls) = await _reader.ReadInvoiceItemsAsync(invoiceId, pass.Prefix, cancellationToken).ConfigureAwait(false);
            result = result with { StripeCalls = result.StripeCalls + calls, OrderInvoice = new ExistingInvoice(invoiceId, lines) };
        }

        _logger.Resolved(snapshot.OrderId, result.StripeCalls, result.RecoveredIds.Count);
        return result;
    }

    /// <summary>
    /// The Stripe state of a manual sync's records (accounts, products, price book entries), resolved and recovered as an
    /// order's are: the record sync plans against what Stripe holds, and updates instead of creating twice.
    /// </summary>
    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached (see its <c>IsTransient</c>).</exception>
    public async Task<ResolvedRecords> ResolveRecordsAsync(
        RecordSet records, SyncConfiguration configuration, IdMapScope? idMap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(configuration);
        // A manual sync reads and searches everything, as it has no retry after an id that names nothing.
        var pass = new Pass(this, configuration.Settings.MetadataPrefix, idMap, trusting: false);
        var resolved = await pass.RunAsync(records, records.OfType(PlannerFields.Account).ToList(), order: null, amendment: null, cancellationToken)
            .ConfigureAwait(false);
        _logger.Resolved(records.OfType(PlannerFields.Account).Concat(records.OfType(PlannerFields.Product)).FirstOrDefault()?.Id ?? "",
            resolved.StripeCalls, resolved.RecoveredIds.Count);
        return resolved;
    }

    /// <remarks>
    /// An amendment's own Stripe id marks it applied; its changes live on the initial order's schedule, whose metadata
    /// names the initial order, so there is nothing to find for it and nothing must be.
    /// </remarks>
    private static bool IsAmendment(RecordSet records, SfRecord order) =>
        records.Follow(order, PlannerFields.Opportunity)?.Has("SBQQ__AmendedContract__c") == true;

    /// <summary>The metadata key the planner writes a record's id under: <c>{prefix}{object}_id</c>.</summary>
    private static string Key(string prefix, string sObjectType) => $"{prefix}{ObjectNames.ForMetadata(sObjectType)}_id";

    /// <summary>One resolution: what was read, found and refused so far.</summary>
    private sealed class Pass(StripeStateResolver owner, string prefix, IdMapScope? idMap, bool trusting)
    {
        private readonly ConcurrentDictionary<string, string> _recovered = new(StringComparer.Ordinal);
        private readonly ConcurrentBag<SyncError> _conflicts = [];

        /// <summary>Products the id map named that this engine made, trusted without a read (<see cref="ExistsAsync"/>).</summary>
        private readonly ConcurrentDictionary<string, byte> _made = new(StringComparer.Ordinal);
        private Core.Stripe.StripeState _state = Core.Stripe.StripeState.Empty;
        private int _calls;

        /// <summary>When trusting: the records an interrupted attempt may have made objects for, the only ones searched for.</summary>
        private IReadOnlySet<string>? _orphanSources;

        public string Prefix => prefix;

        public async Task<ResolvedRecords> RunAsync(
            RecordSet records, IReadOnlyList<SfRecord> accounts, SfRecord? order, SfRecord? amendment, CancellationToken cancellationToken)
        {
            var written = StripeReferences.From(records);
            var lookup = Lookup(written);
            var trusted = new TrustedIds();
            if (trusting && idMap is not null)
            {
                _orphanSources = await owner.Attempts.OrphanSourcesAsync(idMap, cancellationToken).ConfigureAwait(false);
                trusted = await TrustAsync(records, idMap, cancellationToken).ConfigureAwait(false);
                lookup = lookup with
                {
                    Customers = Except(lookup.Customers, trusted.Customers.Keys.ToHashSet(StringComparer.Ordinal)),
                    Products = Except(lookup.Products, trusted.Products),
                    CustomerClocks = trusted.Customers,
                    CachedPrices = true,
                };
            }

            var read = await owner._reader.ReadAsync(lookup, cancellationToken).ConfigureAwait(false);
            _state = read.State with { Products = read.State.Products.Union(trusted.Products).ToHashSet(StringComparer.Ordinal) };
            _calls = read.StripeCalls;
            if (idMap is not null)
            {
                await RememberAsync(read, idMap, cancellationToken).ConfigureAwait(false);
            }

            string? customer = null;
            foreach (var account in accounts)
            {
                var found = await FindAsync(account, StripeObjects.Customer, _state.Customers.Contains,
                    token => owner._search.FindCustomerAsync(Key(prefix, account.Type), account.Id, token), cancellationToken).ConfigureAwait(false);
                customer ??= found;
            }

            var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentSearches, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(records.OfType(PlannerFields.Product), parallel,
                async (product, token) => await FindAsync(product, StripeObjects.Product, _state.Products.Contains,
                    t => owner._search.FindProductAsync(Key(prefix, product.Type), product.Id, t), token).ConfigureAwait(false)).ConfigureAwait(false);
            if (!_made.IsEmpty)
            {
                _state = _state with { Products = _state.Products.Union(_made.Keys).ToHashSet(StringComparer.Ordinal) };
            }

            // Prices carry their line's metadata on every clone, so only the id map (one price per record) can name one.
            foreach (var priced in records.OfType(PlannerFields.PricebookEntry).Concat(records.OfType(PlannerFields.OrderItem))
                         .Where(r => r.GetString(StripeId) is { } id && !_state.Prices.ContainsKey(id)))
            {
                await FindAsync(priced, StripeObjects.Price, _state.Prices.ContainsKey, search: null, cancellationToken).ConfigureAwait(false);
            }

            if (order is not null && customer is not null)
            {
                await FindOrderAsync(order, customer, cancellationToken).ConfigureAwait(false);
                if (_recovered.ContainsKey(order.Id))
                {
                    // A run died after Stripe made the order's object and before the write-back: its prices lost their ids too.
                    await Parallel.ForEachAsync(LinesAndEntries(records, order).Where(r => r.GetString(StripeId) is null), parallel,
                        async (priced, token) => await FindAsync(priced, StripeObjects.Price, _state.Prices.ContainsKey,
                            t => owner._search.FindPriceAsync(Key(prefix, priced.Type), priced.Id, t, prefix + "auto_archive"), token)
                            .ConfigureAwait(false)).ConfigureAwait(false);
                }
            }

            if (amendment is not null)
            {
                FindAppliedAmendment(amendment);
            }

            if (_recovered.IsEmpty)
            {
                return new ResolvedRecords(records, _state, _calls) { Conflicts = [.. _conflicts] };
            }

            // Only the recovered ids not read yet are left to read: the planner needs their state (phases, status, price data).
            var resolved = new RecordSet(records.All.Select(r => _recovered.TryGetValue(r.Id, out var id) ? r.With(StripeId, id) : r));
            var more = await owner._reader.ReadAsync(Lookup(Unread(StripeReferences.From(resolved))), cancellationToken).ConfigureAwait(false);
            foreach (var (recordId, stripeId) in _recovered)
            {
                owner._logger.Recovered(records.Find(recordId)!.Type, recordId, stripeId);
            }

            return new ResolvedRecords(resolved, StripeStates.Union(_state, more.State), _calls + more.StripeCalls)
            {
                RecoveredIds = new Dictionary<string, string>(_recovered, StringComparer.Ordinal),
                Conflicts = [.. _conflicts],
            };
        }

        /// <summary>
        /// The order's schedule (termed orders, evergreen orders starting later), else its subscription (evergreen orders
        /// starting today), else its invoice (orders of one-time lines only).
        /// </summary>
        private async Task FindOrderAsync(SfRecord order, string customer, CancellationToken cancellationToken)
        {
            var written = order.GetString(StripeId);
            if (written is not null && (_state.Schedules.ContainsKey(written) || _state.Subscriptions.ContainsKey(written) || _state.Invoices.Contains(written)))
            {
                return;
            }

            var key = Key(prefix, order.Type);
            foreach (var (stripeObject, find) in new (string, Func<CancellationToken, Task<MetadataMatch>>)[]
                     {
                         (StripeObjects.SubscriptionSchedule, token => owner._search.FindScheduleAsync(customer, key, order.Id, token)),
                         (StripeObjects.Subscription, token => owner._search.FindSubscriptionAsync(key, order.Id, token)),
                         (StripeObjects.Invoice, token => owner._search.FindInvoiceAsync(customer, key, order.Id, token)),
                     })
            {
                if (await FindAsync(order, stripeObject, static _ => false, find, cancellationToken).ConfigureAwait(false) is not null
                    || _conflicts.Any(c => c.RecordId == order.Id))
                {
                    return;
                }
            }
        }

        /// <summary>The order's lines and their price book entries: the records prices are made for.</summary>
        private static IEnumerable<SfRecord> LinesAndEntries(RecordSet records, SfRecord order)
        {
            var lines = records.Children(PlannerFields.OrderItem, "OrderId", order.Id).ToList();
            var entries = lines.Select(l => records.Follow(l, PlannerFields.PricebookEntry)).OfType<SfRecord>();
            return lines.Concat(entries).DistinctBy(static r => r.Id);
        }

        /// <summary>
        /// An amendment whose change the schedule already holds (a phase names it, as the order or as the termination)
        /// but whose id was never written back (a crash after Stripe's answer): the schedule is its Stripe object.
        /// </summary>
        private void FindAppliedAmendment(SfRecord amendment)
        {
            if (amendment.GetString(StripeId) is not null)
            {
                return;
            }

            var keys = new[] { Key(prefix, amendment.Type), prefix + "termination_order_id" };
            var schedule = _state.Schedules.Values.FirstOrDefault(s => s.Phases.Any(
                p => keys.Any(k => p.Metadata.TryGetValue(k, out var id) && id == amendment.Id)));
            if (schedule is not null)
            {
                _recovered[amendment.Id] = schedule.Id;
            }
        }

        /// <summary>
        /// The Stripe object of one record: its written id when Stripe holds it, else the one the id map and the metadata
        /// search agree on; several candidates are a conflict.
        /// </summary>
        /// <param name="holds">Whether the state read holds an id (the written one).</param>
        /// <returns>The id to use, or <see langword="null"/> when Stripe holds none (or several).</returns>
        private async Task<string?> FindAsync(SfRecord record, string stripeObject, Func<string, bool> holds,
            Func<CancellationToken, Task<MetadataMatch>>? search, CancellationToken cancellationToken)
        {
            var written = record.GetString(StripeId);
            if (written is not null && holds(written))
            {
                return written;
            }

            var candidates = new SortedSet<string>(StringComparer.Ordinal);
            if (idMap is not null
                && await idMap.FindAsync(record.Type, record.Id, stripeObject, cancellationToken).ConfigureAwait(false) is { } mapped
                && mapped != written
                && await ExistsAsync(stripeObject, mapped, cancellationToken).ConfigureAwait(false))
            {
                candidates.Add(mapped);
            }

            var matches = 0;
            // A written id naming nothing is the stale-id path: always searched. A record never written is searched for
            // only when an interrupted attempt may have made its object.
            if (search is not null && (_orphanSources is null || written is not null || _orphanSources.Contains(record.Id)))
            {
                var match = await search(cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _calls, match.StripeCalls);
                matches = match.Matches;
                if (match.Id is { } found)
                {
                    candidates.Add(found);
                }
            }

            if (candidates.Count > 1 || matches > 1)
            {
                var count = Math.Max(candidates.Count, matches);
                _conflicts.Add(SyncError.Of(SyncErrorCode.StripeObjectAmbiguous, record.Type, record.Id, StripeId,
                    count, stripeObject, record.Type, record.Id, string.Join(", ", candidates)));
                return null;
            }

            if (candidates.Count == 0)
            {
                return null;
            }

            _recovered[record.Id] = candidates.Min!;
            return candidates.Min;
        }

        /// <summary>
        /// Whether Stripe still holds an id the id map names (it may have been deleted since). When trusting, a product
        /// this engine made is not read: an order read before another order's write-back finds it in the id map only.
        /// </summary>
        private async Task<bool> ExistsAsync(string stripeObject, string id, CancellationToken cancellationToken)
        {
            if (trusting && stripeObject == StripeObjects.Product && owner._creates?.Made(id) == true)
            {
                _made[id] = 0;
                return true;
            }

            var one = new HashSet<string>(StringComparer.Ordinal) { id };
            var lookup = stripeObject switch
            {
                StripeObjects.Customer => new StripeLookup { Customers = one, MetadataPrefix = prefix },
                StripeObjects.Product => new StripeLookup { Products = one, MetadataPrefix = prefix },
                StripeObjects.Price => new StripeLookup { Prices = one, MetadataPrefix = prefix },
                StripeObjects.SubscriptionSchedule => new StripeLookup { Schedules = one, MetadataPrefix = prefix },
                StripeObjects.Subscription => new StripeLookup { Subscriptions = one, MetadataPrefix = prefix },
                StripeObjects.Invoice => new StripeLookup { Invoices = one, MetadataPrefix = prefix },
                _ => StripeLookup.Empty,
            };
            var read = await owner._reader.ReadAsync(lookup, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _calls, read.StripeCalls);
            var state = read.State;
            return state.Customers.Contains(id) || state.Products.Contains(id) || state.Prices.ContainsKey(id)
                || state.Schedules.ContainsKey(id) || state.Subscriptions.ContainsKey(id) || state.Invoices.Contains(id);
        }

        /// <summary>
        /// The customers and products whose written id is the one the id map holds for them: an object CpqSync made or
        /// found and recorded, which exists until Stripe says otherwise (an id that names nothing on use makes the sync
        /// resolve again with <see cref="IdMapScope.Verify"/>). A trusted customer's test clock is read, not the customer,
        /// when the store knows it.
        /// </summary>
        private static async Task<TrustedIds> TrustAsync(RecordSet records, IdMapScope idMap, CancellationToken cancellationToken)
        {
            var trusted = new TrustedIds();
            foreach (var account in records.OfType(PlannerFields.Account))
            {
                if (account.GetString(StripeId) is { } id
                    && await idMap.FindAsync(account.Type, account.Id, StripeObjects.Customer, cancellationToken).ConfigureAwait(false) == id
                    && await idMap.Store.FindStripeObjectAsync(idMap.ConnectionId, id, cancellationToken).ConfigureAwait(false) is { TestClock: { } clock })
                {
                    trusted.Customers[id] = clock;
                }
            }

            foreach (var product in records.OfType(PlannerFields.Product))
            {
                if (product.GetString(StripeId) is { } id
                    && await idMap.FindAsync(product.Type, product.Id, StripeObjects.Product, cancellationToken).ConfigureAwait(false) == id)
                {
                    trusted.Products.Add(id);
                }
            }

            return trusted;
        }

        /// <summary>Records the test clock of each customer read (<c>""</c> for none): the next sync reads only the clock.</summary>
        private static async Task RememberAsync(StripeStateRead read, IdMapScope idMap, CancellationToken cancellationToken)
        {
            foreach (var (customer, clock) in read.CustomerTestClocks)
            {
                await idMap.Store.RecordStripeObjectAsync(new KnownStripeObject(idMap.ConnectionId, customer, null, clock), cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        /// <summary>Ids trusted without a read: customers (by the test clock each lives on, <c>""</c> for none) and products.</summary>
        private sealed class TrustedIds
        {
            public Dictionary<string, string> Customers { get; } = new(StringComparer.Ordinal);

            public HashSet<string> Products { get; } = new(StringComparer.Ordinal);
        }

        /// <summary>The ids in <paramref name="ids"/> the first read did not resolve.</summary>
        private StripeReferences Unread(StripeReferences ids) => new(
            Except(ids.Customers, _state.Customers),
            Except(ids.Products, _state.Products),
            Except(ids.Prices, _state.Prices.Keys.ToHashSet(StringComparer.Ordinal)),
            Except(ids.Coupons, _state.Coupons.Keys.ToHashSet(StringComparer.Ordinal)),
            Except(ids.Schedules, _state.Schedules.Keys.ToHashSet(StringComparer.Ordinal)),
            Except(ids.Subscriptions, _state.Subscriptions.Keys.ToHashSet(StringComparer.Ordinal)),
            Except(ids.Invoices, _state.Invoices));

        private static HashSet<string> Except(IReadOnlySet<string> ids, IReadOnlySet<string> known) =>
            ids.Where(id => !known.Contains(id)).ToHashSet(StringComparer.Ordinal);

        private StripeLookup Lookup(StripeReferences ids) => new()
        {
            Customers = ids.Customers,
            Products = ids.Products,
            Prices = ids.Prices,
            Coupons = ids.Coupons,
            Schedules = ids.Schedules,
            Subscriptions = ids.Subscriptions,
            Invoices = ids.Invoices,
            MetadataPrefix = prefix,
        };
    }
}
