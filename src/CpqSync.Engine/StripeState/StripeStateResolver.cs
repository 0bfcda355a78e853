using System.Collections.Concurrent;
using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Engine.Snapshots;
using CpqSync.Stripe.State;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Gives the planner what Stripe holds for an order: looks up the Stripe ids written back on the snapshot's records,
/// and, for records with none, looks for the object an earlier run created by the metadata CpqSync put on it.
/// </summary>
/// <remarks>
/// Recovery covers the case where the write-back to Salesforce was lost (a crash between Stripe's answer and the
/// write-back, a lost local store): the order's account (customer by <c>{prefix}account_id</c>), its products
/// (by <c>{prefix}product2_id</c>) and, once the customer is known, the order itself (its schedule, subscription or
/// invoice by <c>{prefix}order_id</c>). A recovered id is set on the record in the
/// returned snapshot, so the planner reuses the object instead of creating a second one.
/// </remarks>
public sealed class StripeStateResolver(StripeStateReader reader, StripeMetadataSearch search, ILogger<StripeStateResolver> logger)
{
    private const string StripeId = "Stripe_ID__c";

    /// <summary>Searches run a few at a time, like the reader's GETs.</summary>
    private const int MaxConcurrentSearches = 4;

    /// <exception cref="StripeStateReadException">Stripe refused a read or could not be reached (see its <c>IsTransient</c>).</exception>
    public async Task<ResolvedSnapshot> ResolveAsync(
        OrderSnapshot snapshot, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(configuration);
        var prefix = configuration.Settings.MetadataPrefix;
        var recovered = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        var order = snapshot.Order;
        var read = await reader.ReadAsync(Lookup(snapshot.StripeIds, prefix), cancellationToken).ConfigureAwait(false);
        var calls = read.StripeCalls;

        var account = snapshot.Records.Follow(order, "Account");
        var customer = account?.GetString(StripeId) is { } written && read.State.Customers.Contains(written) ? written : null;
        if (account is not null && account.GetString(StripeId) is null)
        {
            var match = await search.FindCustomerAsync(Key(prefix, account.Type), account.Id, cancellationToken).ConfigureAwait(false);
            calls += match.StripeCalls;
            if (match.Id is { } found)
            {
                recovered[account.Id] = found;
                customer = found;
            }
        }

        calls += await RecoverProductsAsync(snapshot, prefix, recovered, cancellationToken).ConfigureAwait(false);
        if (customer is not null && order.GetString(StripeId) is null && !IsAmendment(snapshot.Records, order))
        {
            calls += await RecoverOrderAsync(order, customer, Key(prefix, order.Type), recovered, cancellationToken).ConfigureAwait(false);
        }

        if (recovered.IsEmpty)
        {
            logger.Resolved(snapshot.OrderId, calls, 0);
            return new ResolvedSnapshot(snapshot, read.State, calls);
        }

        // Only the recovered ids are left to read: what they name exists, but the planner needs its state (phases, status).
        var resolved = WithIds(snapshot, recovered);
        var lookup = Lookup(Recovered(resolved.StripeIds, snapshot.StripeIds), prefix);
        var more = await reader.ReadAsync(lookup, cancellationToken).ConfigureAwait(false);
        calls += more.StripeCalls;
        foreach (var (recordId, stripeId) in recovered)
        {
            logger.Recovered(snapshot.Records.Find(recordId)!.Type, recordId, stripeId);
        }

        logger.Resolved(snapshot.OrderId, calls, recovered.Count);
        return new ResolvedSnapshot(resolved, StripeStates.Union(read.State, more.State), calls)
        {
            RecoveredIds = new Dictionary<string, string>(recovered, StringComparer.Ordinal),
        };
    }

    /// <summary>Products with no <c>Stripe_ID__c</c>, looked for a few at a time.</summary>
    private async Task<int> RecoverProductsAsync(
        OrderSnapshot snapshot, string prefix, ConcurrentDictionary<string, string> recovered, CancellationToken cancellationToken)
    {
        var products = snapshot.Records.OfType(PlannerFields.Product).Where(static p => p.GetString(StripeId) is null).ToList();
        var calls = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentSearches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(products, parallel,
            async (product, token) =>
            {
                var match = await search.FindProductAsync(Key(prefix, product.Type), product.Id, token).ConfigureAwait(false);
                Interlocked.Add(ref calls, match.StripeCalls);
                if (match.Id is { } found)
                {
                    recovered[product.Id] = found;
                }
            }).ConfigureAwait(false);
        return calls;
    }

    /// <summary>
    /// The order's schedule (termed orders, evergreen orders starting later), else its subscription (evergreen orders
    /// starting today), else its invoice (orders of one-time lines only): the first found ends the search.
    /// </summary>
    private async Task<int> RecoverOrderAsync(SfRecord order, string customer, string key, ConcurrentDictionary<string, string> recovered,
        CancellationToken cancellationToken)
    {
        var calls = 0;
        foreach (var find in (Func<Task<MetadataMatch>>[])
                 [
                     () => search.FindScheduleAsync(customer, key, order.Id, cancellationToken),
                     () => search.FindSubscriptionAsync(key, order.Id, cancellationToken),
                     () => search.FindInvoiceAsync(customer, key, order.Id, cancellationToken),
                 ])
        {
            var match = await find().ConfigureAwait(false);
            calls += match.StripeCalls;
            if (match.Id is { } found)
            {
                recovered[order.Id] = found;
                break;
            }
        }

        return calls;
    }

    /// <remarks>
    /// An amendment's own Stripe id marks it applied; its changes live on the initial order's schedule, whose metadata
    /// names the initial order, so there is nothing to find for it and nothing must be.
    /// </remarks>
    private static bool IsAmendment(RecordSet records, SfRecord order) =>
        records.Follow(order, "Opportunity")?.Has("SBQQ__AmendedContract__c") == true;

    /// <summary>The metadata key the planner writes a record's id under: <c>{prefix}{object}_id</c>.</summary>
    private static string Key(string prefix, string sObjectType) => $"{prefix}{ObjectNames.ForMetadata(sObjectType)}_id";

    private static OrderSnapshot WithIds(OrderSnapshot snapshot, IReadOnlyDictionary<string, string> ids)
    {
        var records = new RecordSet(snapshot.Records.All.Select(r => ids.TryGetValue(r.Id, out var id) ? r.With(StripeId, id) : r));
        return snapshot with { Records = records, StripeIds = StripeReferences.From(records) };
    }

    /// <summary>The ids in <paramref name="now"/> that <paramref name="before"/> did not have.</summary>
    private static StripeReferences Recovered(StripeReferences now, StripeReferences before) => new(
        Except(now.Customers, before.Customers),
        Except(now.Products, before.Products),
        Except(now.Prices, before.Prices),
        Except(now.Coupons, before.Coupons),
        Except(now.Schedules, before.Schedules),
        Except(now.Subscriptions, before.Subscriptions),
        Except(now.Invoices, before.Invoices));

    private static HashSet<string> Except(IReadOnlySet<string> ids, IReadOnlySet<string> known) =>
        ids.Where(id => !known.Contains(id)).ToHashSet(StringComparer.Ordinal);

    private static StripeLookup Lookup(StripeReferences ids, string prefix) => new()
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
