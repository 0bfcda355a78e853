using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;
using CpqSync.Engine.Snapshots;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Finishes an order's invoice that Stripe holds without all its items (a crash between creating the invoice and adding
/// its lines, or, before lines went in one <c>add_lines</c> call, between two of its items): an existing object counts
/// as done only once it is whole.
/// </summary>
/// <remarks>
/// The order is planned as if its invoice did not exist, with the lines an item of the invoice already names
/// (<c>{prefix}order_item_id</c>) left out (<see cref="SyncInput.LinesOnInvoice"/>); the invoice's creation is then bound
/// to the invoice Stripe holds (not sent again). The other steps of the plan (customer, products, prices) carry their
/// usual idempotency keys and resolve to what Stripe already holds. Subscriptions and schedules are made in one call,
/// with their phases, items and coupons, so they are whole as soon as they exist.
/// </remarks>
internal static class InvoiceCompletion
{
    /// <returns>
    /// The plan adding what the invoice lacks, with the operation id bound to the existing invoice; <see langword="null"/>
    /// when the order has no invoice or it is whole.
    /// </returns>
    public static (SyncPlan Plan, IReadOnlyDictionary<string, string> Existing)? Plan(
        ResolvedSnapshot resolved, SyncConfiguration configuration, DateTimeOffset now)
    {
        if (resolved.OrderInvoice is not { } invoice)
        {
            return null;
        }

        var order = resolved.Snapshot.Order;
        var records = new RecordSet(resolved.Snapshot.Records.All.Select(r => r.Id == order.Id ? r.With(PackageFields.StripeId, null) : r));
        var state = resolved.State with { Invoices = resolved.State.Invoices.Where(id => id != invoice.Id).ToHashSet(StringComparer.Ordinal) };
        var input = new SyncInput(records, order.Id, state, configuration, now) { LinesOnInvoice = invoice.OrderItemIds };
        if (SyncPlanner.Plan(input).Plan is not { Shape: PlanShape.Invoice } plan
            || plan.Operations.FirstOrDefault(o => o.Kind == StripeOperationKind.CreateInvoice && o.SourceRecordId == order.Id) is not { } create)
        {
            return null;
        }

        bool OnInvoice(StripeOperation o) =>
            (o.Kind == StripeOperationKind.AddInvoiceLines && o.Target?.Ref == create.Id)
            || (o.Kind == StripeOperationKind.CreateInvoiceItem && o.Params.Any(p => p.Key == "invoice" && p.Value.Ref == create.Id));

        return plan.Operations.Any(OnInvoice)
            ? (plan, new Dictionary<string, string>(StringComparer.Ordinal) { [create.Id] = invoice.Id })
            : null;
    }
}
