using CpqSync.Core.Configuration;
using CpqSync.Core.Errors;
using CpqSync.Core.Mapping;
using CpqSync.Core.Records;
using CpqSync.Core.Salesforce;

namespace CpqSync.Core.Planning;

/// <summary>
/// Order line → Stripe price (docs/behaviour.md §3): builds the price twice, from the price book entry and from the line, reuses
/// the price book entry's price when both agree and creates a one-line price when the line was customised.
/// </summary>
internal static class PricePlanner
{
    /// <summary>
    /// True exactly when <c>SBQQ__SubscriptionPricing__c</c> is populated (docs/behaviour.md §3.5). The other subscription
    /// fields do not decide it: real orgs default <c>SBQQ__SubscriptionType__c</c> to Renewable on every product and copy
    /// the quote's billing frequency onto one-time lines.
    /// </summary>
    public static bool IsRecurring(SfRecord record) => record.Has("SBQQ__SubscriptionPricing__c");

    public static bool IsEvergreen(SfRecord line) => line.GetString("SBQQ__SubscriptionType__c") == "Evergreen";

    /// <summary>The line with its price, or null when the line yields no price (negative recurring amount, §3.6).</summary>
    /// <param name="segmentTerm">For MDQ segment lines: the segment length, which replaces the line term (docs/behaviour.md §3.7).</param>
    public static PlannedLine? Plan(PlanContext context, SfRecord line, string currency, int quoteTerm, int? segmentTerm = null)
    {
        var product = context.Records.Follow(line, "Product2")
            ?? throw context.Failure(SyncErrorCode.RequiredMappingEmpty, line, "Product2Id");
        var entry = context.Records.Follow(line, "PricebookEntry");
        var recurring = IsRecurring(line);
        var evergreen = recurring && IsEvergreen(line);

        var billingType = line.GetString("SBQQ__BillingType__c") ?? product.GetString("SBQQ__BillingType__c");
        var metered = billingType switch
        {
            null or "Advance" => false,
            "Arrears" => true,
            _ => throw context.Failure(SyncErrorCode.ProductBillingTypeUnsupported, line, "SBQQ__BillingType__c"),
        };
        metered &= recurring;

        var (quantity, fractional) = Quantity(context, line, product);
        if (metered && quantity > 1)
        {
            throw context.Failure(SyncErrorCode.MeteredQuantityGtOne, line, "SBQQ__OrderedQuantity__c");
        }

        string? interval = null;
        int intervalCount = 0, frequencyUnits = 0;
        if (recurring)
        {
            (interval, intervalCount) = Interval(context, line.GetString("SBQQ__BillingFrequency__c") ?? product.GetString("SBQQ__BillingFrequency__c"), line);
            frequencyUnits = intervalCount;
        }

        // From the line (mapper key price_order_item).
        var lineTerm = segmentTerm ?? LineTerm(context, line, quoteTerm);
        var linePrice = new StripeParams().Set("currency", currency);
        var lineSchedule = TierBuilder.ForOrderItem(context, line);
        var productSchedule = TierBuilder.ForProduct(context, product, line);
        var tiered = lineSchedule is not null || productSchedule is not null;
        var frontend = false;
        if (lineSchedule is { } ls)
        {
            TierBuilder.Apply(context, linePrice, ls.Schedule, ls.Names, currency);
        }
        else if (productSchedule is { } ps)
        {
            TierBuilder.Apply(context, linePrice, ps.Schedule, ps.Names, currency);
        }
        else
        {
            var customField = fractional ? "TotalPrice" : context.Settings.CustomPriceField;
            if (customField is not null && !line.Has(customField) && !fractional)
            {
                // An empty custom price falls back to CPQ's own price (and its per-term semantics).
                customField = null;
            }

            var amount = customField is null ? line.GetDecimal("UnitPrice") : line.GetDecimal(customField);
            if (amount is null)
            {
                throw context.Failure(SyncErrorCode.UnitAmountEmpty, line, customField ?? "UnitPrice");
            }

            // UnitPrice is the whole-term price, metered (Arrears) lines included: 660 over 12 months bills 55 a month
            // (docs/behaviour.md §3.7). Tiered prices never reach here; evergreen prices are already per period.
            var divide = recurring && !evergreen
                && (customField is null || fractional || context.Settings.CustomPriceFieldSemantics == CustomPriceFieldSemantics.PerTerm);
            if (divide)
            {
                var multiplier = (decimal)lineTerm / frequencyUnits;
                CheckMultiplier(context, line, multiplier);
                if (multiplier < 1 && context.Settings.FrontendProrations && !OnAmendment(context, line))
                {
                    // A term shorter than one cycle: UnitPrice already is the prorated amount (frontend proration).
                    frontend = true;
                    multiplier = 1;
                }

                amount /= multiplier;
            }

            linePrice.Set("billing_scheme", "per_unit").Set("unit_amount_decimal", Amounts.Format(Amounts.ToMinorUnits(amount.Value, currency)));
        }

        AddRecurring(linePrice, interval, intervalCount, metered);

        // From the price book entry (mapper key price), only when the line could reuse it.
        StripeParams? entryPrice = null;
        if (entry is not null && !fractional)
        {
            entryPrice = EntryPrice(context, entry, product, line, currency, productSchedule);
        }

        var amountText = linePrice.GetText("unit_amount_decimal");
        if (amountText is not null && amountText.StartsWith('-'))
        {
            return Negative(context, line, product, recurring, amountText, quantity, currency);
        }

        var effectiveQuantity = fractional ? 1 : quantity;
        if (entryPrice is not null && (HasPriceMappings(context) || SameData(entryPrice, linePrice)))
        {
            // With custom price mappings the comparison must see the mapped data, so both sides are finished first.
            var lineMapped = HasPriceMappings(context)
                ? Finish(context, StripeObjectKeys.PriceOrderItem, linePrice, line, product, line, frontend, fractional ? quantity : null)
                : null;
            var entryFinal = Finish(context, StripeObjectKeys.Price, entryPrice, entry!, product, line, frontend: false, fractionalQuantity: null);
            if (SameData(entryPrice, linePrice))
            {
                var entryRef = Resolve(context, entry!, product, $"price:{entry!.Id}", entryFinal);
                return new PlannedLine(line, product, recurring, metered, tiered, evergreen, interval, intervalCount,
                    metered ? null : effectiveQuantity, entryRef, entryFinal, AutoArchive: false);
            }

            return OwnPrice(context, line, product, recurring, metered, tiered, evergreen, interval, intervalCount, effectiveQuantity,
                lineMapped ?? Finish(context, StripeObjectKeys.PriceOrderItem, linePrice, line, product, line, frontend, fractional ? quantity : null));
        }

        return OwnPrice(context, line, product, recurring, metered, tiered, evergreen, interval, intervalCount, effectiveQuantity,
            Finish(context, StripeObjectKeys.PriceOrderItem, linePrice, line, product, line, frontend, fractional ? quantity : null));
    }

    /// <summary>
    /// A line of an amendment order: front-end proration never applies to it, its proration item bills the short term
    /// from the full per-period price (docs/behaviour.md §3.7, §7.7), or it would be prorated twice.
    /// </summary>
    private static bool OnAmendment(PlanContext context, SfRecord line) =>
        context.Records.Follow(line, "Order") is { } order && SyncPlanner.IsAmendment(context, order);

    private static bool HasPriceMappings(PlanContext context)
    {
        var configuration = context.Input.Configuration;
        return configuration.FieldDefaults.ContainsKey(StripeObjectKeys.Price) || configuration.FieldDefaults.ContainsKey(StripeObjectKeys.PriceOrderItem)
            || configuration.FieldMappings.ContainsKey(StripeObjectKeys.Price) || configuration.FieldMappings.ContainsKey(StripeObjectKeys.PriceOrderItem);
    }

    private static PlannedLine OwnPrice(PlanContext context, SfRecord line, SfRecord product, bool recurring, bool metered, bool tiered, bool evergreen,
        string? interval, int intervalCount, long effectiveQuantity, StripeParams lineFinal)
    {
        // A customised line gets its own price, archived once it is on the schedule (docs/behaviour.md §3.6).
        lineFinal.Child("metadata").Set(context.MarkerKey("auto_archive"), "true");
        var lineRef = Resolve(context, line, product, $"price:{line.Id}", lineFinal);
        return new PlannedLine(line, product, recurring, metered, tiered, evergreen, interval, intervalCount,
            metered ? null : effectiveQuantity, lineRef, lineFinal, AutoArchive: lineRef.IsReference);
    }

    /// <summary>
    /// A price book entry's price synced without an order ("Sync a pricebook"): the same price, idempotency key and
    /// write-back as an order line using the entry unchanged, so later orders reuse it. Null for a negative amount,
    /// which Stripe cannot price.
    /// </summary>
    public static ParamValue? PlanEntry(PlanContext context, SfRecord entry, SfRecord product)
    {
        // An order in a single-currency org is in the default currency; in a multi-currency org the entry's own counts.
        var currency = context.Settings.DefaultCurrency?.ToLowerInvariant() ?? entry.GetString("CurrencyIsoCode")?.ToLowerInvariant()
            ?? throw context.Failure(SyncErrorCode.DefaultCurrencyMissing, entry, null);
        var price = EntryPrice(context, entry, product, line: null, currency, TierBuilder.ForProduct(context, product, entry));
        if (price.GetText("unit_amount_decimal") is { } amount && amount.StartsWith('-'))
        {
            context.Warn("NEGATIVE_PRICE_SKIPPED", $"Price book entry '{entry.Id}' has a negative price and was not sent to Stripe.", entry.Id);
            return null;
        }

        var final = Finish(context, StripeObjectKeys.Price, price, entry, product, entry, frontend: false, fractionalQuantity: null);
        return Resolve(context, entry, product, $"price:{entry.Id}", final);
    }

    private static StripeParams EntryPrice(PlanContext context, SfRecord entry, SfRecord product, SfRecord? line, string currency,
        (SfRecord Schedule, TierBuilder.Names Names)? productSchedule)
    {
        var entryCurrency = context.Settings.MultiCurrencyEnabled ? entry.GetString("CurrencyIsoCode")?.ToLowerInvariant() ?? currency : currency;
        var price = new StripeParams().Set("currency", entryCurrency);
        if (productSchedule is { } ps)
        {
            TierBuilder.Apply(context, price, ps.Schedule, ps.Names, entryCurrency);
        }
        else
        {
            var amount = entry.GetDecimal("UnitPrice");
            price.Set("billing_scheme", "per_unit");
            if (amount is not null)
            {
                price.Set("unit_amount_decimal", Amounts.Format(Amounts.ToMinorUnits(amount.Value, entryCurrency)));
            }
        }

        var recurring = IsRecurring(product);
        if (recurring)
        {
            var (interval, count) = Interval(context, product.GetString("SBQQ__BillingFrequency__c") ?? line?.GetString("SBQQ__BillingFrequency__c"), product);
            var metered = product.GetString("SBQQ__BillingType__c") == "Arrears";
            AddRecurring(price, interval, count, metered);
        }

        return price;
    }

    private static void AddRecurring(StripeParams price, string? interval, int count, bool metered)
    {
        if (interval is null)
        {
            return;
        }

        price.Child("recurring").Set("interval", interval).Set("interval_count", count).Set("usage_type", metered ? "metered" : "licensed");
    }

    /// <summary>Adds product and metadata, applies defaults and mappings, then checks what Stripe would reject.</summary>
    private static StripeParams Finish(PlanContext context, string objectKey, StripeParams core, SfRecord source, SfRecord product,
        SfRecord line, bool frontend, long? fractionalQuantity)
    {
        var price = core.DeepClone();
        price.Set("product", ProductPlanner.Ensure(context, product));
        var metadata = context.Metadata(source);
        if (frontend)
        {
            metadata.Set(context.MarkerKey("frontend_proration"), "true");
        }

        if (fractionalQuantity is not null)
        {
            metadata.Set(context.MarkerKey("fractional_quantity"), line.GetString("SBQQ__OrderedQuantity__c") ?? line.GetString("Quantity") ?? "");
        }

        price.Set("metadata", metadata);
        FieldMappingApplier.Apply(context, objectKey, price, source);

        var scheme = price.GetText("billing_scheme");
        if (scheme is not ("per_unit" or "tiered"))
        {
            throw context.Failure(SyncErrorCode.BillingSchemeUnexpected, source, "billing_scheme");
        }

        if (scheme == "per_unit" && price.GetText("unit_amount_decimal") is null)
        {
            throw context.Failure(SyncErrorCode.UnitAmountEmpty, source, "UnitPrice");
        }

        CheckBounds(context, price.GetText("unit_amount_decimal"), source, product);

        if (FieldMappingApplier.Configures(context, objectKey))
        {
            // Custom mappings may have changed the data; the comparison below must see what will be sent. Without
            // them the compared keys are still those of core (Finish adds only product and metadata).
            CopyCompared(price, core);
        }

        return price;
    }

    /// <summary>
    /// Stripe bills at most 99,999,999 minor units per unit (eight digits, 999,999.99 in a two-decimal currency): a
    /// larger amount is refused while planning, naming the line, instead of failing at Stripe after the customer and
    /// earlier prices were created (docs/behaviour.md §3.9, §4.10).
    /// </summary>
    internal static void CheckBounds(PlanContext context, string? amount, SfRecord source, SfRecord product)
    {
        if (amount is not null && decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) > Amounts.MaxMinorUnits)
        {
            throw context.Failure(SyncErrorCode.AmountOutOfBounds, source, "UnitPrice",
                source.Id, product.GetString("Name"), amount, Amounts.Format(Amounts.MaxMinorUnits));
        }
    }

    private static void CopyCompared(StripeParams from, StripeParams to)
    {
        foreach (var key in PriceData.ComparedKeys)
        {
            if (from.Get(key) is { } value)
            {
                to.SetNode(key, value switch
                {
                    StripeParams p => p.DeepClone(),
                    List<StripeParams> list => list.Select(static p => p.DeepClone()).ToList(),
                    ParamValue v => v,
                    _ => throw new InvalidOperationException(),
                });
            }
            else
            {
                to.Remove(key);
            }
        }
    }

    /// <summary>Reuses the price written back on <paramref name="owner"/> when Stripe still has it unchanged, or plans its creation.</summary>
    private static ParamValue Resolve(PlanContext context, SfRecord owner, SfRecord product, string operationId, StripeParams price)
    {
        var existing = owner.GetString(PackageFields.StripeId);
        if (existing is not null)
        {
            if (!context.Stripe.Prices.TryGetValue(existing, out var known))
            {
                throw context.Failure(SyncErrorCode.StripePriceEmpty, owner, PackageFields.StripeId);
            }

            if (!Matches(price, known))
            {
                throw context.Failure(SyncErrorCode.PriceDataChanged, owner, PackageFields.StripeId);
            }

            return ParamValue.Literal(existing);
        }

        if (context.HasOperation(operationId))
        {
            return ParamValue.Reference(operationId);
        }

        // Only a price about to be created needs its meter: a reused price already names one in Stripe.
        BillingMeterPlanner.Attach(context, price, product);
        var created = context.AddOperation(operationId, StripeOperationKind.CreatePrice, "/v1/prices", null, price, owner);
        context.WriteBackId(owner, created, "prices");
        return created;
    }

    private static bool SameData(StripeParams a, StripeParams b)
    {
        foreach (var key in PriceData.ComparedKeys)
        {
            if (!StripeParams.NodeEquals(a.Get(key), b.Get(key)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Matches(StripeParams price, IReadOnlyDictionary<string, string> known)
    {
        var compared = price.Flatten().Where(p => PriceData.IsCompared(p.Key)).ToList();
        return compared.Count == known.Count
            && compared.All(p => known.TryGetValue(p.Key, out var value) && value == p.Value.Text);
    }

    private static (long Quantity, bool Fractional) Quantity(PlanContext context, SfRecord line, SfRecord product)
    {
        var quantity = line.GetDecimal("SBQQ__OrderedQuantity__c") ?? line.GetDecimal("Quantity") ?? 0m;
        if (quantity < 0)
        {
            // Only amendments remove seats, and their negative lines never get a price (docs/behaviour.md §7.4).
            throw context.Failure(SyncErrorCode.QuantityNegative, line, "SBQQ__OrderedQuantity__c",
                line.Id, product.GetString("Name"), Amounts.Format(quantity));
        }

        if (Amounts.IsWhole(quantity))
        {
            return ((long)quantity, false);
        }

        if (context.Settings.FractionalQuantities)
        {
            return (1, true);
        }

        throw context.Failure(SyncErrorCode.QuantityNotInteger, line, "SBQQ__OrderedQuantity__c",
            line.Id, product.GetString("Name"), Amounts.Format(quantity));
    }

    public static (string Interval, int Count) Interval(PlanContext context, string? frequency, SfRecord record)
    {
        // An empty frequency on a recurring line bills monthly, as the reference does (docs/behaviour.md §3.3); a value
        // CPQ has but Stripe can't bill, such as Invoice Plan, is unsupported (change it).
        if (string.IsNullOrWhiteSpace(frequency))
        {
            frequency = BillingFrequencies.Default;
        }

        var months = BillingFrequencies.Months(frequency)
            ?? throw context.Failure(SyncErrorCode.BillingFrequencyUnsupported, record, "SBQQ__BillingFrequency__c");
        return context.Settings.CpqTermUnit switch
        {
            "Month" => ("month", months),
            // Day term unit: periods in days (assumption: 30/90/180/365, as CPQ counts a month as 30 days here).
            "Day" => ("day", months == 12 ? 365 : months * 30),
            _ => throw context.Failure(SyncErrorCode.PricingIntervalUnsupported, record, "SBQQ__BillingFrequency__c"),
        };
    }

    private static int LineTerm(PlanContext context, SfRecord line, int quoteTerm)
    {
        var term = line.GetDecimal("SBQQ__SubscriptionTerm__c");
        if (term is null)
        {
            return quoteTerm;
        }

        return Amounts.IsWhole(term.Value) ? (int)term.Value : throw context.Failure(SyncErrorCode.TermDecimal, line, "SBQQ__SubscriptionTerm__c");
    }

    private static void CheckMultiplier(PlanContext context, SfRecord line, decimal multiplier)
    {
        var cpq = line.GetDecimal("SBQQ__ProrateMultiplier__c");
        if (cpq is not null && Math.Abs(cpq.Value - multiplier) > 0.0000000001m)
        {
            throw context.Failure(SyncErrorCode.PriceMultiplierMismatch, line, "SBQQ__ProrateMultiplier__c");
        }
    }

    /// <summary>Negative amounts never become prices: recurring lines are dropped, one-time lines may become credits.</summary>
    private static PlannedLine? Negative(PlanContext context, SfRecord line, SfRecord product, bool recurring, string amount, long quantity, string currency)
    {
        if (recurring || !context.Settings.NegativeOneTimeLinesAsCredits)
        {
            context.Warn("NEGATIVE_LINE_DROPPED", $"Order line '{line.Id}' has a negative amount and was not sent to Stripe.", line.Id);
            return null;
        }

        var minor = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) * quantity;
        return new PlannedLine(line, product, false, false, false, false, null, 0, quantity, default, new StripeParams().Set("currency", currency), false)
        {
            CreditAmount = (long)Math.Round(minor, 0, MidpointRounding.AwayFromZero),
        };
    }
}
