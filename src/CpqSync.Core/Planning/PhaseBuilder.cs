using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;

namespace CpqSync.Core.Planning;

/// <summary>Planned lines → phase <c>items</c> and <c>add_invoice_items</c> (docs/behaviour.md §4.7, §4.9, §3.11).</summary>
internal static class PhaseBuilder
{
    /// <summary>Checks the limits of §4.10 on the recurring lines of one phase.</summary>
    public static void Validate(PlanContext context, IReadOnlyList<PlannedLine> recurring)
    {
        CheckItemCount(context, recurring.Count);
        if (recurring.Select(static l => (l.Interval, l.IntervalCount)).Distinct().Count() > 1)
        {
            throw context.Failure(SyncErrorCode.MixedBillingIntervals, context.Order, "SBQQ__BillingFrequency__c", context.Order.Id);
        }
    }

    /// <summary>
    /// Phase items. Stripe forbids one price twice in a phase, so a repeated price is sent inline (<c>price_data</c>, a price
    /// Stripe makes for this item only, inactive from the start) or, when Stripe cannot take it inline, cloned
    /// (docs/behaviour.md §3.11); the clone is archived after use. <paramref name="clones"/> collects clone operations for archiving.
    /// </summary>
    public static List<StripeParams> Items(PlanContext context, IEnumerable<(PlannedLine Line, long? Quantity)> lines, string phaseKey,
        List<ParamValue> clones)
    {
        var phaseLines = lines.ToList();
        CheckItemCount(context, phaseLines.Count);
        var items = new List<StripeParams>();
        var used = new HashSet<ParamValue>();
        foreach (var (line, quantity) in phaseLines)
        {
            var item = new StripeParams();
            if (used.Add(line.Price))
            {
                item.Set("price", line.Price);
            }
            else if (InlinePrice(line.PriceParams) is { } inline)
            {
                // No call of its own and nothing to archive: the price exists only on this item.
                item.Set("price_data", inline);
            }
            else
            {
                var clone = Clone(context, line, phaseKey);
                clones.Add(clone);
                item.Set("price", clone);
            }

            if (!line.Metered && quantity is not null)
            {
                item.Set("quantity", quantity.Value);
            }

            var discounts = CouponPlanner.ForLine(context, line.Line, line.PriceParams.GetText("currency") ?? "");
            if (discounts.Count > 0)
            {
                item.Set("discounts", discounts);
            }

            item.Set("metadata", context.Metadata(line.Line));
            FieldMappingApplier.Apply(context, StripeObjectKeys.SubscriptionItem, item, line.Line);
            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// Stripe takes at most 20 items per phase (docs/behaviour.md §4.10): more is refused while planning, before any
    /// Stripe call, for every phase an order or amendment builds.
    /// </summary>
    private static void CheckItemCount(PlanContext context, int count)
    {
        if (count > context.Settings.MaxRecurringLines)
        {
            throw context.Failure(SyncErrorCode.TooManyRecurringLines, context.Order, null, context.Order.Id, count, context.Settings.MaxRecurringLines);
        }
    }

    /// <summary>Stripe's limit of <c>add_invoice_items</c> per phase.</summary>
    private const int MaxInvoiceItemsPerPhase = 20;

    /// <summary>
    /// A phase's one-time items. With <paramref name="facts"/> each carries the order's service period as fixed timestamps
    /// (docs/behaviour.md §4.9); without, Stripe's default period applies.
    /// </summary>
    public static List<StripeParams> InvoiceItems(PlanContext context, IEnumerable<PlannedLine> oneTime, OrderFacts? facts = null)
    {
        var lines = oneTime.ToList();
        if (lines.Count > MaxInvoiceItemsPerPhase)
        {
            // Refused while planning, before any Stripe call (docs/behaviour.md §4.10).
            throw context.Failure(SyncErrorCode.TooManyOneTimeLines, context.Order, null, context.Order.Id, lines.Count, MaxInvoiceItemsPerPhase);
        }

        var items = new List<StripeParams>();
        var period = lines.Count > 0 ? facts?.ServicePeriod(context) : null;
        foreach (var line in lines)
        {
            var item = new StripeParams().Set("price", line.Price);
            if (line.Quantity is not null)
            {
                item.Set("quantity", line.Quantity.Value);
            }

            if (period is { } service)
            {
                item.Child("period").Child("start").Set("type", "timestamp").Set("timestamp", service.Start);
                item.Child("period").Child("end").Set("type", "timestamp").Set("timestamp", service.End);
            }

            item.Set("metadata", context.Metadata(line.Line));
            items.Add(item);
        }

        return items;
    }

    /// <summary>
    /// A price as the <c>price_data</c> of a phase or subscription item, or null when Stripe cannot take it inline: only a
    /// licensed per-unit price whose fields are all among <c>price_data</c>'s (currency, product, recurring interval and
    /// count, tax behaviour, unit amount) can be; a tiered or metered price, or one a mapping gave other fields (a nickname,
    /// a lookup key), is cloned instead. Its metadata stays on the item (the line's ids); the price carries none.
    /// </summary>
    private static StripeParams? InlinePrice(StripeParams price)
    {
        var inline = new StripeParams();
        foreach (var (key, value) in price.Entries)
        {
            switch (key, value)
            {
                case ("metadata", StripeParams):
                case ("billing_scheme", ParamValue { Text: "per_unit" }):
                    break;
                case ("currency" or "product" or "unit_amount" or "unit_amount_decimal" or "tax_behavior", ParamValue text):
                    inline.Set(key, text);
                    break;
                case ("recurring", StripeParams recurring) when InlineRecurring(recurring) is { } licensed:
                    inline.Set("recurring", licensed);
                    break;
                default:
                    return null;
            }
        }

        return inline.Get("recurring") is not null && (inline.Get("unit_amount_decimal") ?? inline.Get("unit_amount")) is not null ? inline : null;
    }

    /// <summary>A licensed price's interval and count (all <c>price_data</c> takes, licensed being its only usage type).</summary>
    private static StripeParams? InlineRecurring(StripeParams recurring)
    {
        var inline = new StripeParams();
        foreach (var (key, value) in recurring.Entries)
        {
            switch (key, value)
            {
                case ("usage_type", ParamValue { Text: "licensed" }):
                    break;
                case ("interval" or "interval_count", ParamValue text):
                    inline.Set(key, text);
                    break;
                default:
                    return null;
            }
        }

        return inline;
    }

    private static ParamValue Clone(PlanContext context, PlannedLine line, string phaseKey)
    {
        var operationId = $"price_clone:{phaseKey}:{line.Line.Id}";
        if (context.HasOperation(operationId))
        {
            return ParamValue.Reference(operationId);
        }

        var clone = line.PriceParams.DeepClone();
        var metadata = clone.Child("metadata");
        metadata.Set(context.MarkerKey("duplicate"), "true");
        metadata.Set(context.MarkerKey("auto_archive"), "true");
        metadata.Set(context.MarkerKey(PlanContext.OriginalPriceMarker), line.Price);
        BillingMeterPlanner.Attach(context, clone, line.Product);
        // Each plan's clone for each phase is its own price: the earlier one may be archived already (docs/behaviour.md §3.11).
        return context.AddOperation(operationId, StripeOperationKind.CreatePrice, "/v1/prices", null, clone, line.Line,
            keyScope: $"{context.Order.Id}/{operationId}");
    }

    /// <summary>Archives prices used once (order-line, duplicate and proration prices) after they are placed (docs/behaviour.md §4.11).</summary>
    public static void Archive(PlanContext context, IEnumerable<ParamValue> prices)
    {
        foreach (var price in prices.Where(static p => p.IsReference).DistinctBy(static p => p.Ref))
        {
            var operation = context.Operation(price.Ref!);
            var source = context.Records.Find(operation.SourceRecordId)!;
            context.AddOperation($"archive:{price.Ref}", StripeOperationKind.ArchivePrice, "/v1/prices/{id}", price,
                new StripeParams().Set("active", false), source);
        }
    }

    /// <summary>Credit invoice items for negative one-time lines (lift #32): pending items swept into the first invoice.</summary>
    public static void Credits(PlanContext context, IEnumerable<PlannedLine> credits, ParamValue customer, string currency, ParamValue? invoice)
    {
        foreach (var line in credits)
        {
            var parameters = new StripeParams().Set("customer", customer);
            if (invoice is { } target)
            {
                parameters.Set("invoice", target);
            }

            Credit(context, parameters, line, currency);
            context.AddOperation($"invoiceitem:{line.Line.Id}", StripeOperationKind.CreateInvoiceItem, "/v1/invoiceitems", null, parameters, line.Line);
        }
    }

    /// <summary>
    /// What a credit for a negative one-time line says (lift #32): its amount, in <paramref name="currency"/> when the
    /// request names one (a line added to an invoice takes the invoice's), the product's name, the line's metadata and mappings.
    /// </summary>
    public static StripeParams Credit(PlanContext context, StripeParams parameters, PlannedLine line, string? currency)
    {
        parameters.Set("amount", line.CreditAmount!.Value);
        if (currency is not null)
        {
            parameters.Set("currency", currency);
        }

        parameters.SetIfPresent("description", line.Product.GetString("Name")).Set("metadata", context.Metadata(line.Line));
        FieldMappingApplier.Apply(context, StripeObjectKeys.InvoiceItem, parameters, line.Line);
        return parameters;
    }
}
