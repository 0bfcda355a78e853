using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>An order with only one-time lines → a Stripe invoice with an invoice item per line, added in one call (docs/behaviour.md §4.9).</summary>
internal static class InvoicePlanner
{
    /// <summary>The invoice item parameter a line of <c>add_lines</c> lacks (an admin may map it, docs/behaviour.md §10).</summary>
    private const string NotOnAddLines = "tax_behavior";

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

        // Each item carries the order's service period, start to start + term (docs/behaviour.md §4.9). Lines the invoice
        // already holds (made before a crash) are left out.
        var (periodStart, periodEnd) = facts.ServicePeriod(context);
        var adding = lines.Where(l => !context.Input.LinesOnInvoice.Contains(l.Line.Id)).ToList();
        StripeParams Priced(StripeParams item, PlannedLine line)
        {
            // Since API version 2025-03-31.basil an invoice item names its price under pricing[price].
            item.Child("pricing").Set("price", line.Price);
            if (line.Quantity is not null)
            {
                item.Set("quantity", line.Quantity.Value);
            }

            item.Child("period").Set("start", periodStart).Set("end", periodEnd);
            item.Set("metadata", context.Metadata(line.Line));
            FieldMappingApplier.Apply(context, StripeObjectKeys.InvoiceItem, item, line.Line);
            return item;
        }

        var priced = adding.Where(static l => l.CreditAmount is null).ToList();
        var credits = adding.Where(static l => l.CreditAmount is not null).ToList();
        List<StripeParams> all =
        [
            .. priced.Select(l => Priced(new StripeParams(), l)),
            .. credits.Select(l => PhaseBuilder.Credit(context, new StripeParams(), l, currency: null)),
        ];
        if (all.Count > 0 && !all.Any(static l => l.Get(NotOnAddLines) is not null))
        {
            // All the lines in one call, each still an invoice item with its own metadata (docs/behaviour.md §4.9).
            context.AddOperation($"invoicelines:{order.Id}", StripeOperationKind.AddInvoiceLines, "/v1/invoices/{id}/add_lines", created,
                new StripeParams().Set("lines", all), order);
        }
        else
        {
            // A mapped tax_behavior, which add_lines does not take: an invoice item per line.
            foreach (var line in priced)
            {
                var item = Priced(new StripeParams().Set("customer", customer).Set("invoice", created), line);
                context.AddOperation($"invoiceitem:{line.Line.Id}", StripeOperationKind.CreateInvoiceItem, "/v1/invoiceitems", null, item, line.Line);
            }

            PhaseBuilder.Credits(context, credits, customer, facts.Currency, created);
        }

        PhaseBuilder.Archive(context, lines.Where(static l => l.AutoArchive).Select(static l => l.Price));
    }
}
