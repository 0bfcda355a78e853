using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Reads and validates a schedule's <c>phases</c> the way the API reference describes them: phases are contiguous, each
/// ends by <c>end_date</c> or <c>duration</c> (the last may do neither and then lasts one billing period), items are
/// active recurring prices in one currency that agrees across phases and with the customer, with the same interval in
/// classic billing mode, at most 20 items and 10 phases; <c>add_invoice_items</c> take one-time prices; an
/// <c>amount_off</c> coupon must be in the phase's currency.
/// </summary>
internal sealed class PhaseParser(StripeRequest request, JsonObject customer, bool flexibleBilling, JsonArray? existingPhases)
{
    public const int MaxPhases = 10;
    public const int MaxItems = 20;

    private static readonly string[] PhaseParameters =
    [
        "add_invoice_items", "application_fee_percent", "automatic_tax", "billing_cycle_anchor", "billing_thresholds",
        "collection_method", "currency", "default_payment_method", "default_tax_rates", "description", "discounts", "duration",
        "end_date", "invoice_settings", "items", "iterations", "metadata", "on_behalf_of", "proration_behavior", "start_date",
        "transfer_data", "trial", "trial_end",
    ];

    private readonly StripeAccount _account = request.Account;

    /// <summary>The stored phases, starting at <paramref name="start"/> unless the first phase names its own start.</summary>
    public JsonArray Parse(ParamHash parameters, long start, long now, string defaultProration)
    {
        var phases = parameters.Hashes("phases", MaxPhases) ?? throw StripeErrorException.Missing("phases");
        if (phases.Count == 0)
        {
            throw StripeErrorException.Empty("phases");
        }

        var result = new JsonArray();
        string? currency = null;
        var phaseStart = start;
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i].Allow(PhaseParameters);
            RejectOtherVersionsParameters(phase);
            var declaredStart = phase.Timestamp("start_date", now);
            if (declaredStart is { } declared)
            {
                if (i == 0)
                {
                    phaseStart = declared;
                }
                else if (declared != phaseStart)
                {
                    throw StripeErrorException.Invalid(
                        $"Phases must be contiguous: phases[{i}][start_date] must equal the end of the previous phase ({phaseStart}).",
                        phase.ChildPath("start_date"));
                }
            }

            var parsed = ParsePhase(phase, i, phaseStart, i == phases.Count - 1, ref currency, defaultProration);
            result.Add(parsed);
            phaseStart = parsed["end_date"]!.GetValue<long>();
        }

        return result;
    }

    /// <summary>
    /// Phase lengths changed with the API version: <c>duration</c> arrived in 2025-07-30.basil and <c>iterations</c> was
    /// removed in 2025-09-30.clover, so each is an unknown parameter outside its versions.
    /// </summary>
    private void RejectOtherVersionsParameters(ParamHash phase)
    {
        if (phase.Has("iterations") && !request.VersionBefore("2025-09-30"))
        {
            throw StripeErrorException.Unknown(phase.ChildPath("iterations"));
        }

        if (phase.Has("duration") && request.VersionBefore("2025-07-30"))
        {
            throw StripeErrorException.Unknown(phase.ChildPath("duration"));
        }
    }

    /// <summary>
    /// A subscription created directly, read as the one open-ended phase it amounts to: its items, discounts,
    /// <c>add_invoice_items</c>, trial and metadata follow the same rules as a schedule's phase.
    /// </summary>
    public JsonObject ParseSubscription(ParamHash parameters, long start)
    {
        string? currency = null;
        return ParsePhase(parameters, 0, start, last: true, ref currency, "create_prorations");
    }

    private JsonObject ParsePhase(ParamHash phase, int index, long start, bool last, ref string? currency, string defaultProration)
    {
        var path = phase.Path;
        var existing = ExistingPhase(start);
        var explicitCurrency = phase.NonEmpty("currency") is { } c ? Currencies.Parse(c, phase.ChildPath("currency")) : null;
        var items = phase.Hashes("items", MaxItems) ?? throw StripeErrorException.Missing(phase.ChildPath("items"));
        if (items.Count == 0)
        {
            throw StripeErrorException.Empty(phase.ChildPath("items"));
        }

        var prices = items.Select(item => ItemPrice(item, existing)).ToList();
        var phaseCurrency = explicitCurrency ?? currency ?? prices[0]["currency"]!.GetValue<string>();
        if (currency is not null && phaseCurrency != currency)
        {
            throw StripeErrorException.Invalid(
                $"All phases of a subscription schedule must use the same currency: {path}[currency] is `{phaseCurrency}` but " +
                $"earlier phases use `{currency}`.", phase.ChildPath("currency"));
        }

        CheckCustomerCurrency(phaseCurrency, phase.ChildPath("currency"));
        currency = phaseCurrency;

        var storedItems = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? interval = null;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var price = prices[i];
            var priceId = price["id"]!.GetValue<string>();
            var priceParam = item.ChildPath(item.Has("price") ? "price" : "price_data");
            CheckCurrency(price, phaseCurrency, priceParam);
            if (!seen.Add(priceId))
            {
                throw StripeErrorException.Invalid(
                    $"A phase cannot have two items with the same price (`{priceId}`); raise the quantity instead.", priceParam);
            }

            var recurring = price["recurring"]!.AsObject();
            if (recurring["usage_type"]!.GetValue<string>() == "metered" && item.Has("quantity"))
            {
                // Usage-based items are billed on reported usage, so they take no quantity.
                throw StripeErrorException.Invalid(
                    "Quantity should not be specified where usage_type is `metered`. Remove quantity from the item.",
                    item.ChildPath("quantity"));
            }

            var thisInterval = $"{recurring["interval_count"]} {recurring["interval"]}";
            if (!flexibleBilling && interval is not null && interval != thisInterval)
            {
                throw StripeErrorException.Invalid(
                    "Currently all prices on a subscription must have the same `recurring.interval` and `recurring.interval_count` " +
                    "(use billing_mode[type]=flexible for mixed intervals).", priceParam);
            }

            interval ??= thisInterval;
            var metered = recurring["usage_type"]!.GetValue<string>() == "metered";
            var stored = new JsonObject
            {
                ["billing_thresholds"] = null,
                ["discounts"] = Discounts(item, phaseCurrency),
                ["metadata"] = Metadata.Apply(item, null),
                ["plan"] = priceId,
                ["price"] = priceId,
                ["quantity"] = item.NonNegativeLong("quantity") ?? 1,
                ["tax_rates"] = new JsonArray(),
            };
            if (metered)
            {
                // Stripe leaves quantity out of a usage-based item (it is optional in its API), rather than sending
                // null: clients typed after Stripe's spec (Stripe.net's long Quantity) cannot read a null.
                stored.Remove("quantity");
            }

            storedItems.Add(stored);
        }

        var end = EndDate(phase, start, last, prices);
        var trialEnd = phase.Timestamp("trial_end");
        if (trialEnd is { } trial && (trial < start || trial > end))
        {
            throw StripeErrorException.Invalid(
                $"{path}[trial_end] must be within the phase, between its start ({start}) and end ({end}).", phase.ChildPath("trial_end"));
        }

        if (phase.Bool("trial") is true && trialEnd is null)
        {
            trialEnd = end;
        }

        return new JsonObject
        {
            ["add_invoice_items"] = AddInvoiceItems(phase, phaseCurrency, existing),
            ["application_fee_percent"] = null,
            ["billing_cycle_anchor"] = phase.Enum("billing_cycle_anchor", "automatic", "phase_start"),
            ["billing_thresholds"] = null,
            ["collection_method"] = phase.Enum("collection_method", "charge_automatically", "send_invoice"),
            ["currency"] = phaseCurrency,
            ["default_payment_method"] = null,
            ["default_tax_rates"] = new JsonArray(),
            ["description"] = phase.NonEmpty("description"),
            ["discounts"] = Discounts(phase, phaseCurrency),
            ["end_date"] = end,
            ["invoice_settings"] = null,
            ["items"] = storedItems,
            ["metadata"] = Metadata.Apply(phase, null),
            ["on_behalf_of"] = null,
            ["proration_behavior"] = phase.Enum("proration_behavior", "always_invoice", "create_prorations", "none") ?? defaultProration,
            ["start_date"] = start,
            ["transfer_data"] = null,
            ["trial_end"] = trialEnd,
        };
    }

    /// <summary>The phase of the schedule being updated that starts at the same time, whose prices may stay archived.</summary>
    private JsonObject? ExistingPhase(long start) =>
        existingPhases?.Select(p => p!.AsObject()).FirstOrDefault(p => p["start_date"]!.GetValue<long>() == start);

    private JsonObject ItemPrice(ParamHash item, JsonObject? existing)
    {
        item.Allow("billing_thresholds", "discounts", "metadata", "plan", "price", "price_data", "quantity", "tax_rates");
        var priceId = item.NonEmpty("price") ?? item.NonEmpty("plan");
        var priceData = item.Hash("price_data");
        if (priceId is not null && priceData is not null)
        {
            throw StripeErrorException.Invalid("You may only specify one of these parameters: price, price_data.", item.ChildPath("price"));
        }

        if (priceData is not null)
        {
            return PriceBuilder.InlinePrice(_account, priceData, recurring: true);
        }

        if (priceId is null)
        {
            throw StripeErrorException.Missing(item.ChildPath("price"));
        }

        var param = item.ChildPath("price");
        var price = _account.Store.Get("price", priceId, "price", param);
        if (price["type"]!.GetValue<string>() != "recurring")
        {
            throw StripeErrorException.Invalid(
                "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", param);
        }

        var keptFromExisting = existing?["items"]?.AsArray().Any(i => i!["price"]!.GetValue<string>() == priceId) == true;
        if (!price["active"]!.GetValue<bool>() && !keptFromExisting)
        {
            // Archived prices stay on the phases that already used them but cannot be put on new ones.
            throw StripeErrorException.Invalid("The price specified is inactive. This field only accepts active prices.", param);
        }

        return price;
    }

    private static void CheckCurrency(JsonObject price, string currency, string param)
    {
        if (!PriceApi.Supports(price, currency))
        {
            throw StripeErrorException.Invalid(
                $"The price specified only supports `{price["currency"]}`. This doesn't match the expected currency: `{currency}`.", param);
        }
    }

    /// <summary>A customer bills in one currency once it has one (set by its first subscription or invoice item).</summary>
    private void CheckCustomerCurrency(string currency, string param)
    {
        var customerCurrency = customer["currency"]?.GetValue<string>();
        if (customerCurrency is not null && customerCurrency != currency && HasOtherBilling())
        {
            throw StripeErrorException.Invalid(
                "You cannot combine currencies on a single customer. This customer has an active subscription, subscription " +
                $"schedule, discount, quote, or invoice item with currency {customerCurrency}.", param);
        }
    }

    private bool HasOtherBilling()
    {
        var id = customer["id"]!.GetValue<string>();
        return _account.Store.NewestFirst("subscription", "customer", id).Any(s => s["status"]!.GetValue<string>() != "canceled")
               || _account.Store.NewestFirst("invoiceitem", "customer", id).Any(i => i["invoice"] is null);
    }

    private long EndDate(ParamHash phase, long start, bool last, List<JsonObject> prices)
    {
        var endDate = phase.Timestamp("end_date");
        var duration = phase.Hash("duration");
        if (phase.PositiveLong("iterations") is { } iterations)
        {
            if (endDate is not null)
            {
                throw StripeErrorException.Invalid(
                    "You may only specify one of these parameters: end_date, iterations.", phase.ChildPath("iterations"));
            }

            return prices.Select(p => p["recurring"]!.AsObject())
                .Select(r => Periods.Add(start, r["interval"]!.GetValue<string>(), r["interval_count"]!.GetValue<long>() * iterations))
                .Max();
        }

        if (endDate is not null && duration is not null)
        {
            throw StripeErrorException.Invalid(
                "You may only specify one of these parameters: duration, end_date.", phase.ChildPath("end_date"));
        }

        if (endDate is { } end)
        {
            if (end <= start)
            {
                throw StripeErrorException.Invalid(
                    $"{phase.Path}[end_date] must be after the phase's start ({start}).", phase.ChildPath("end_date"));
            }

            return end;
        }

        if (duration is not null)
        {
            duration.Allow("interval", "interval_count");
            var interval = duration.Enum("interval", "day", "month", "week", "year")
                ?? throw StripeErrorException.Missing(duration.ChildPath("interval"));
            return Periods.Add(start, interval, duration.PositiveLong("interval_count") ?? 1);
        }

        if (!last)
        {
            throw StripeErrorException.Invalid(
                $"Every phase but the last must end: set {phase.Path}[end_date] or {phase.Path}[duration].", phase.ChildPath("end_date"));
        }

        // The last phase without an end lasts one billing period of its longest price.
        var longest = prices.Select(p => p["recurring"]!.AsObject())
            .Select(r => Periods.Add(start, r["interval"]!.GetValue<string>(), r["interval_count"]!.GetValue<long>()))
            .Max();
        return longest;
    }

    private JsonArray AddInvoiceItems(ParamHash phase, string currency, JsonObject? existing)
    {
        var result = new JsonArray();
        foreach (var item in phase.Hashes("add_invoice_items", MaxItems) ?? [])
        {
            item.Allow("discountable", "discounts", "metadata", "period", "price", "price_data", "quantity", "tax_rates");
            JsonObject price;
            if (item.Hash("price_data") is { } data)
            {
                price = PriceBuilder.InlinePrice(_account, data, recurring: false);
            }
            else
            {
                var param = item.ChildPath("price");
                price = _account.Store.Get("price", item.Required("price"), "price", param);
                if (price["type"]!.GetValue<string>() != "one_time")
                {
                    throw StripeErrorException.Invalid(
                        "The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.", param);
                }

                var priceId = price["id"]!.GetValue<string>();
                var kept = existing?["add_invoice_items"]?.AsArray().Any(i => i!["price"]!.GetValue<string>() == priceId);
                if (!price["active"]!.GetValue<bool>() && kept != true)
                {
                    throw StripeErrorException.Invalid("The price specified is inactive. This field only accepts active prices.", param);
                }
            }

            CheckCurrency(price, currency, item.ChildPath("price"));
            result.Add(new JsonObject
            {
                ["discounts"] = Discounts(item, currency),
                ["metadata"] = Metadata.Apply(item, null),
                ["period"] = ItemPeriod(item),
                ["price"] = price["id"]!.DeepClone(),
                ["quantity"] = item.NonNegativeLong("quantity") ?? 1,
                ["tax_rates"] = new JsonArray(),
            });
        }

        return result;
    }

    /// <summary>
    /// <c>period[start]</c> / <c>period[end]</c> of an invoice item: each a <c>type</c> (start: <c>max_item_period_start</c>,
    /// <c>phase_start</c> or <c>timestamp</c>; end: <c>min_item_period_end</c>, <c>phase_end</c> or <c>timestamp</c>) and, for
    /// <c>timestamp</c>, the <c>timestamp</c>; the start must not be after the end. Without it Stripe returns the item-period defaults.
    /// </summary>
    private static JsonObject ItemPeriod(ParamHash item)
    {
        var period = item.Hash("period")?.Allow("end", "start");
        var start = Bound(period, "start", "max_item_period_start", "phase_start");
        var end = Bound(period, "end", "min_item_period_end", "phase_end");
        if (start["timestamp"]?.GetValue<long>() is { } from && end["timestamp"]?.GetValue<long>() is { } to && from > to)
        {
            throw StripeErrorException.Invalid(
                $"{item.ChildPath("period")}[start][timestamp] must be less than or equal to {item.ChildPath("period")}[end][timestamp].",
                $"{item.ChildPath("period")}[start][timestamp]");
        }

        return new JsonObject { ["end"] = end, ["start"] = start };
    }

    private static JsonObject Bound(ParamHash? period, string key, string itemDefault, string phase)
    {
        if (period is null)
        {
            return new JsonObject { ["timestamp"] = null, ["type"] = itemDefault };
        }

        var bound = period.Hash(key)?.Allow("timestamp", "type") ?? throw StripeErrorException.Missing(period.ChildPath(key));
        var type = bound.Enum("type", itemDefault, phase, "timestamp") ?? throw StripeErrorException.Missing(bound.ChildPath("type"));
        var timestamp = bound.Timestamp("timestamp");
        if (type == "timestamp" && timestamp is null)
        {
            throw StripeErrorException.Missing(bound.ChildPath("timestamp"));
        }

        if (type != "timestamp" && timestamp is not null)
        {
            throw StripeErrorException.Invalid(
                $"{bound.ChildPath("timestamp")} can only be set when {bound.ChildPath("type")} is `timestamp`.", bound.ChildPath("timestamp"));
        }

        return new JsonObject { ["timestamp"] = timestamp, ["type"] = type };
    }

    /// <summary><c>discounts[n][coupon]</c>; an <c>amount_off</c> coupon must be in the currency it discounts.</summary>
    private JsonArray Discounts(ParamHash owner, string currency)
    {
        var result = new JsonArray();
        foreach (var discount in owner.Hashes("discounts") ?? [])
        {
            discount.Allow("coupon", "discount", "promotion_code");
            if (discount.NonEmpty("promotion_code") is { } promotion)
            {
                throw StripeErrorException.NoSuch("promotion code", promotion, discount.ChildPath("promotion_code"));
            }

            if (discount.NonEmpty("discount") is { } discountId)
            {
                throw StripeErrorException.NoSuch("discount", discountId, discount.ChildPath("discount"));
            }

            var param = discount.ChildPath("coupon");
            var coupon = CouponApi.Find(_account, discount.Required("coupon"), param);
            CouponApi.CheckUsable(coupon, currency, param, _account.Now);
            result.Add(new JsonObject { ["coupon"] = coupon["id"]!.DeepClone(), ["discount"] = null, ["promotion_code"] = null });
        }

        return result;
    }
}
