using CpqSync.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// A page of orders as a backfill reads it (<see cref="OrderSnapshotReader.ReadPageAsync"/>): the orders matching
/// <paramref name="Where"/> in (<c>ActivatedDate</c>, <c>Id</c>) order, at most <paramref name="Limit"/> of them.
/// </summary>
/// <param name="Where">The condition on <c>Order</c>: the backfill's filters and its cursor.</param>
/// <param name="Limit">Orders per page (at most 2,000, one batch of query results).</param>
/// <param name="Range">
/// Once the page's orders are known, the page's orders again (path, after, up to) as seen through a relationship path to
/// the order (<c>""</c> on <c>Order</c> itself, <c>Order.</c> from a line, <c>SBQQ__OrderItem__r.Order.</c> from a line's
/// usage schedule): those after an order of the page (or, when null, from the page's start) up to and including
/// another. What the page's other queries are keyed on, so each object is one query for the whole page.
/// </param>
public sealed record OrderPageQuery(
    SoqlQuery Where, int Limit, Func<string, (DateTimeOffset ActivatedDate, string Id)?, (DateTimeOffset ActivatedDate, string Id), SoqlQuery> Range)
{
    /// <summary>A <c>SELECT COUNT()</c> sent in the same call as the page (a backfill's total, with its first page).</summary>
    public SoqlQuery? Count { get; init; }
}

/// <summary>One order of a page read by <see cref="OrderSnapshotReader.ReadPageAsync"/>.</summary>
public sealed record PageOrder(string Id, string? ContractId, DateTimeOffset ActivatedDate);

/// <summary>
/// What <see cref="OrderSnapshotReader.ReadPageAsync"/> read: the page's orders in order, the COUNT's total when one was
/// asked, and why the orders' snapshots could not be read with the page when they could not (each order then reads its own).
/// </summary>
public sealed record OrderPageRead(IReadOnlyList<PageOrder> Orders, int? Total, int SalesforceCalls, string? PrefetchFailure);
