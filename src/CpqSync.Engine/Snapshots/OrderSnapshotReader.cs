using CpqSync.Core.Configuration;
using CpqSync.Core.Records;
using CpqSync.Salesforce;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static CpqSync.Engine.Snapshots.PlannerFields;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// Reads what planning one order needs from Salesforce in a constant number of calls, whatever the number of
/// lines: each round of queries goes out as one composite request, and children are reached through IN lists
/// and semi-joins, never one query per line.
/// </summary>
/// <remarks>
/// Rounds: (1) the order with its account, opportunity, quote and primary contact (parents come nested in the
/// same row), and its lines with products, price book entries, quote lines, usage schedules and quote coupons;
/// (2) when the order belongs to a contract (amended, renewed or its own), the contract and every order on it;
/// (3) the same for those other orders, and coupon copies for all; (4) the rates of the usage schedules (see
/// <see cref="SnapshotRounds"/>). Salesforce takes five queries per composite request, so a round is one or two calls. The first snapshot of a reader also describes the
/// objects once, in one more call.
/// </remarks>
public sealed class OrderSnapshotReader(SalesforceClient client, ILogger<OrderSnapshotReader>? logger = null)
{
    private readonly OrgSchema _schema = new(client);
    private readonly ILogger _logger = logger ?? NullLogger<OrderSnapshotReader>.Instance;

    public async Task<OrderSnapshot> ReadAsync(string orderId, SyncConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!SalesforceIds.IsWellFormed(orderId))
        {
            throw new OrderNotFoundException(orderId, "is not a Salesforce record id");
        }

        var calls = new CallCounter();
        await _schema.EnsureDescribedAsync(Objects(configuration), calls, cancellationToken).ConfigureAwait(false);
        SelectLists select;
        try
        {
            select = SelectLists.Build(_schema, configuration);
        }
        catch (SnapshotSchemaException missing)
        {
            _logger.SnapshotSchemaMissing(string.Join(", ", missing.Missing));
            throw;
        }

        var merged = new RecordMerger();
        var read = new SnapshotRounds(client, calls, select, configuration, merged);

        await read.OrderAsync(orderId, cancellationToken).ConfigureAwait(false);
        if (merged.Find(orderId) is not { Type: Order } order)
        {
            throw new OrderNotFoundException(orderId, "was not found");
        }

        var contracts = ContractIds(order, merged);
        var orderIds = contracts.Count > 0
            ? await read.ContractOrdersAsync(orderId, contracts, cancellationToken).ConfigureAwait(false)
            : [orderId];
        await read.RelatedAsync(orderId, orderIds, contracts.Count > 0, cancellationToken).ConfigureAwait(false);
        await read.DependentsAsync(cancellationToken).ConfigureAwait(false);

        var records = merged.ToRecordSet();
        _logger.SnapshotRead(orderId, records.All.Count(), calls.Calls);
        return new OrderSnapshot(orderId, records, StripeReferences.From(records), calls.Calls);
    }

    /// <summary>The contracts whose history the planner may walk: the one the order belongs to, amends or renews.</summary>
    private static List<string> ContractIds(SfRecord order, RecordMerger merged)
    {
        var opportunity = order.GetString("OpportunityId") is { } opportunityId ? merged.Find(opportunityId) : null;
        return new[] { order.GetString("ContractId"), opportunity?.GetString("SBQQ__AmendedContract__c"), opportunity?.GetString("SBQQ__RenewedContract__c") }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
