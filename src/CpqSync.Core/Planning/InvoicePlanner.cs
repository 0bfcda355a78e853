using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>An order with only one-time lines → a Stripe invoice with one invoice item per line (docs/behaviour.md §4.9).</summary>
internal static class InvoicePlanner
{
    public static void Plan(PlanContext context, OrderFacts facts, ParamValue customer, IReadOnlyList<PlannedLine> lines)
    {
        var order = context.Order;
        var invoice = new StripeParams().Set("customer", customer);
        var days = facts.DaysUntilDue(context, order);
        if (days is not null)
        {
            invoice.Set("collection_method", "send_invoice").Set("days_until_due", days.Value);
        }

        // Only this order's lines belong on the invoice, not whatever else is pending for the customer.
        invoice.Set("pending_invoice_items_behavior", "exclude").Set("currency", facts.Currency);
        var discounts = CouponPlanner.ForOrder(context, order, facts.Quote, facts.Currency);
        if (discounts.Count > 0)
        {
            invoice.Set("discounts", discounts);
        }

        invoice.Set("metadata", context.Metadata(order));
        FieldMappingApplier.Apply(context, StripeObjectKeys.Invoice, invoice, order);
        var created = context.AddOperation($"invoice:{order.Id}", StripeOperationKind.CreateInvoice, "/v1/invoices", null, invoice, order);
        context.WriteBackId(order, created, "invoices");

        // Each item carries the order's service period, start to start + term (docs/behaviour.md §4.9).
        var (periodStart, periodEnd) = facts.ServicePeriod(context);
        foreach (var line in lines.Where(static l => l.CreditAmount is null))
        {
            // Since API version 2025-03-31.basil an invoice item names its price under pricing[price].
            var item = new StripeParams().Set("customer", customer).Set("invoice", created);
            item.Child("pricing").Set("price", line.Price);
            if (line.Quantity is not null)
            {
                item.Set("quantity", line.Quantity.Value);
            }

            item.Child("period").Set("start", periodStart).Set("end", periodEnd);
            item.Set("metadata", context.Metadata(line.Line));
            FieldMappingApplier.Apply(context, StripeObjectKeys.InvoiceItem, item, line.Line);
            context.AddOperation($"invoiceitem:{line.Line.Id}", StripeOperationKind.CreateInvoiceItem, "/v1/invoiceitems", null, item, line.Line);
        }

        PhaseBuilder.Credits(context, lines.Where(static l => l.CreditAmount is not null), customer, facts.Currency, created);
        PhaseBuilder.Archive(context, lines.Where(static l => l.AutoArchive).Select(static l => l.Price));
    }
}
