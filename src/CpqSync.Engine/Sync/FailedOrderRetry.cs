using System.Globalization;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Storage;
using Microsoft.Extensions.Logging;

namespace CpqSync.Engine.Sync;

/// <summary>
/// Brings failed orders back to the queue: the parked ones (their retries ran out) and those whose last outcome is an
/// error that retrying unchanged could not fix (a refused plan, data Stripe rejected), which nothing else queues again
/// until the order is edited. "Retry all failed" runs it at once; live sync runs it once after each change of the
/// connection (its document or its credentials), because a configuration change is what fixes most of them.
/// </summary>
/// <remarks>
/// Salesforce calls: one query per 200 failed orders, for their contracts (so a contract's orders stay in order) and
/// their activation order. Without Salesforce the orders are queued in the order they failed, each on its own.
/// </remarks>
public sealed class FailedOrderRetry(ISyncStore store, SalesforceClient salesforce, TimeProvider time, ILogger<FailedOrderRetry> logger)
{
    /// <summary>The cursor keeping the connection version whose failed orders were last queued again.</summary>
    internal const string RetriedVersionCursor = "retry:failed-orders";

    private const int IdsPerQuery = 200;

    /// <summary>"Retry all failed": every parked order due now with fresh attempts, and every order whose last outcome is an error queued again.</summary>
    /// <returns>How many orders came back to the queue.</returns>
    public async Task<int> RetryAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var parked = await store.RetryParkedAsync(connectionId, cancellationToken).ConfigureAwait(false);
        var failed = await store.GetFailedRecordsAsync(connectionId, SyncWork.OrderObject, cancellationToken).ConfigureAwait(false);
        var queued = 0;
        if (failed.Count > 0)
        {
            var items = await WorkItemsAsync(connectionId, failed, cancellationToken).ConfigureAwait(false);
            var results = await store.EnqueueBatchAsync(items, advanceTo: null, cancellationToken).ConfigureAwait(false);
            queued = results.Count(static r => r.Enqueued);
        }

        logger.FailedOrdersRetried(parked, queued);
        return parked + queued;
    }

    /// <summary>
    /// Live sync's tick: retries the failed orders once per change of the connection (<see cref="SyncConnection.Version"/>
    /// moves with every save of its document and of its credentials), and at the connection's first tick.
    /// </summary>
    /// <returns>How many orders came back to the queue (0 when the connection has not changed since the last call).</returns>
    public async Task<int> RetryAfterChangeAsync(SyncConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cursor = await store.GetCursorAsync(connection.Id, RetriedVersionCursor, cancellationToken).ConfigureAwait(false);
        var version = connection.Version.ToString(CultureInfo.InvariantCulture);
        if (cursor is { IdsAtHighWaterMark: [var seen, ..] } && seen == version)
        {
            return 0;
        }

        var retried = await RetryAsync(connection.Id, cancellationToken).ConfigureAwait(false);
        await store.SaveCursorAsync(new ChangeCursor(connection.Id, RetriedVersionCursor, time.GetUtcNow(), [version]), cancellationToken)
            .ConfigureAwait(false);
        return retried;
    }

    /// <summary>The orders as the queue needs them: behind the earlier orders of their contract, in activation order.</summary>
    private async Task<List<NewWorkItem>> WorkItemsAsync(Guid connectionId, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var items = new List<NewWorkItem>(orderIds.Count);
        try
        {
            var found = new List<(string Id, string? ContractId, string? ActivatedDate)>();
            foreach (var slice in orderIds.Chunk(IdsPerQuery))
            {
                await foreach (var row in salesforce.QueryAsync(
                    Soql.Query($"SELECT Id, ContractId, ActivatedDate FROM Order WHERE Id IN {slice.ToList()}"),
                    cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    found.Add((row["Id"]!.GetValue<string>(), row["ContractId"]?.GetValue<string>(), row["ActivatedDate"]?.GetValue<string>()));
                }
            }

            // ISO 8601 in one time zone (Salesforce answers in UTC) sorts as text; never-activated orders first.
            items.AddRange(found
                .OrderBy(static o => o.ActivatedDate, StringComparer.Ordinal)
                .ThenBy(static o => o.Id, StringComparer.Ordinal)
                .Select(o => SyncWork.Order(connectionId, o.Id, o.ContractId, SyncTrigger.Retry)));

            // Orders deleted since they failed: their sync says so (and ends their failure).
            var missing = orderIds.Except(found.Select(static o => o.Id), StringComparer.Ordinal);
            items.AddRange(missing.Select(id => SyncWork.Order(connectionId, id, contractId: null, SyncTrigger.Retry)));
        }
        catch (Exception e) when (e is SalesforceApiException or SalesforceOAuthException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            logger.FailedOrdersUnordered(e.GetType().Name);
            items.Clear();
            items.AddRange(orderIds.Select(id => SyncWork.Order(connectionId, id, contractId: null, SyncTrigger.Retry)));
        }

        return items;
    }
}
