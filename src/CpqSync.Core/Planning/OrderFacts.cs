using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>Facts about the order read once: quote, lines, currency, start, term, payment term.</summary>
internal sealed class OrderFacts
{
    private OrderFacts(SfRecord quote, IReadOnlyList<SfRecord> lines, string currency)
    {
        Quote = quote;
        Lines = lines;
        Currency = currency;
    }

    public SfRecord Quote { get; }

    /// <summary>Lines that sync: skipped lines removed (docs/behaviour.md §4.2), in order-item-number order.</summary>
    public IReadOnlyList<SfRecord> Lines { get; }

    public string Currency { get; }

    public static OrderFacts Read(PlanContext context, SfRecord order)
    {
        var quote = context.Records.Follow(order, "SBQQ__Quote__c")
            ?? throw context.Failure(SyncErrorCode.OrderNoQuote, order, "SBQQ__Quote__c");
        var lines = SyncedLines(context, order);
        return new OrderFacts(quote, lines, ReadCurrency(context, order, lines));
    }

    public static List<SfRecord> SyncedLines(PlanContext context, SfRecord order)
    {
        var lines = context.Records.Children("OrderItem", "OrderId", order.Id)
            .Where(static l => !l.GetBool("Skip_Line_Item__c"))
            .OrderBy(static l => l.GetString("OrderItemNumber") ?? "", StringComparer.Ordinal)
            .ThenBy(static l => l.Id, StringComparer.Ordinal)
            .ToList();
        foreach (var line in lines)
        {
            if (line.GetBool("IsDeleted") || (line.Has("SBQQ__Activated__c") && !line.GetBool("SBQQ__Activated__c")))
            {
                context.Fail(SyncErrorCode.OrderLineNotActive, line, "SBQQ__Activated__c");
            }
        }

        context.ThrowIfFailed();
        return lines;
    }

    private static string ReadCurrency(PlanContext context, SfRecord order, List<SfRecord> lines)
    {
        if (!context.Settings.MultiCurrencyEnabled)
        {
            return context.Settings.DefaultCurrency?.ToLowerInvariant()
                ?? throw context.Failure(SyncErrorCode.DefaultCurrencyMissing, order, null);
        }

        var currencies = lines.Select(l => l.GetString("CurrencyIsoCode")).Append(order.GetString("CurrencyIsoCode"))
            .OfType<string>().Select(static c => c.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        return currencies.Count switch
        {
            0 => context.Settings.DefaultCurrency?.ToLowerInvariant() ?? throw context.Failure(SyncErrorCode.DefaultCurrencyMissing, order, null),
            1 => currencies[0],
            _ => throw context.Failure(SyncErrorCode.MixedCurrencies, order, "CurrencyIsoCode", order.Id, string.Join(", ", currencies)),
        };
    }

    public DateOnly StartDate(PlanContext context) =>
        Quote.GetDate("SBQQ__StartDate__c") ?? throw context.Failure(SyncErrorCode.RequiredMappingEmpty, Quote, "SBQQ__StartDate__c");

    /// <summary>
    /// The quote's subscription term. CPQ leaves it empty on amendment quotes and sets the end date instead: the term is
    /// then the whole term units from the start to the day after the end date (docs/behaviour.md §7.3).
    /// </summary>
    public int Term(PlanContext context)
    {
        var term = Quote.GetDecimal("SBQQ__SubscriptionTerm__c");
        if (term is null)
        {
            return TermFromEndDate(context) ?? context.Settings.DefaultSubscriptionTerm;
        }

        return Amounts.IsWhole(term.Value) && term.Value > 0
            ? (int)term.Value
            : throw context.Failure(SyncErrorCode.TermDecimal, Quote, "SBQQ__SubscriptionTerm__c");
    }

    /// <summary>
    /// The order's service period as Unix timestamps: the quote's start to start + term (docs/behaviour.md §4.9). One-time
    /// items carry it, whether on an invoice or in a schedule phase's <c>add_invoice_items</c>.
    /// </summary>
    public (long Start, long End) ServicePeriod(PlanContext context)
    {
        var start = StartDate(context);
        return (context.Timestamp(start), context.Timestamp(AddTerm(context, start, Term(context))));
    }

    /// <summary>True when the quote names no term, so <see cref="Term"/> comes from its end date or the default.</summary>
    public bool TermIsEmpty => Quote.GetDecimal("SBQQ__SubscriptionTerm__c") is null;

    private int? TermFromEndDate(PlanContext context)
    {
        if (Quote.GetDate("SBQQ__StartDate__c") is not { } start || Quote.GetDate("SBQQ__EndDate__c") is not { } end)
        {
            return null;
        }

        var units = context.Settings.CpqTermUnit == "Day"
            ? end.AddDays(1).DayNumber - start.DayNumber
            : AmendmentPlanner.WholeMonths(start, end.AddDays(1));
        return Math.Max(units, 1);
    }

    /// <summary>Quote payment term → days until due, or null when the quote has none (docs/behaviour.md §4.6).</summary>
    public int? DaysUntilDue(PlanContext context, SfRecord order)
    {
        var (record, field) = Quote.Has("SBQQ__PaymentTerms__c") ? (Quote, "SBQQ__PaymentTerms__c") : (order, "SBQQ__PaymentTerm__c");
        var value = record.Get(field);
        if (value is null or "")
        {
            return null;
        }

        return PaymentTerms.DaysUntilDue(value, context.Settings.ExtendedPaymentTerms)
            ?? throw context.Failure(SyncErrorCode.DaysUntilDueUnsupported, record, field);
    }

    /// <summary>Adds a period to a date in the CPQ term unit.</summary>
    public static DateOnly AddTerm(PlanContext context, DateOnly date, int units) =>
        context.Settings.CpqTermUnit == "Day" ? date.AddDays(units) : date.AddMonths(units);
}
