using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Builds a price from its parameters with the API reference's rules: <c>unit_amount</c> or <c>unit_amount_decimal</c>
/// (at most 12 decimals), <c>recurring</c> up to three years, metered prices on a meter, tiers ascending to <c>inf</c>,
/// <c>transform_quantity</c> only per unit, <c>currency_options</c> in other currencies, and unique lookup keys.
/// </summary>
internal static class PriceBuilder
{
    private const int MaxTiers = 250;

    public static JsonObject Build(StripeRequest request, ParamHash p, string productId)
    {
        var currency = Currencies.Parse(p.Required("currency"), p.ChildPath("currency"));
        var scheme = p.Enum("billing_scheme", "per_unit", "tiered") ?? "per_unit";
        var recurring = Recurring(p, request);
        var price = new JsonObject
        {
            ["id"] = StripeIds.Long("price_"),
            ["object"] = "price",
            ["active"] = p.Bool("active") ?? true,
            ["billing_scheme"] = scheme,
            ["created"] = request.Now,
            ["currency"] = currency,
            ["custom_unit_amount"] = null,
            ["livemode"] = false,
            ["lookup_key"] = null,
            ["metadata"] = Metadata.Apply(p, null),
            ["nickname"] = p.NonEmpty("nickname"),
            ["product"] = productId,
            ["recurring"] = recurring,
            ["tax_behavior"] = p.Enum("tax_behavior", "exclusive", "inclusive", "unspecified") ?? "unspecified",
            ["tiers_mode"] = null,
            // Includable: shown (null unless tiered) only with expand[]=tiers, as Stripe does.
            ["_tiers"] = null,
            ["transform_quantity"] = null,
            ["type"] = recurring is null ? "one_time" : "recurring",
            ["unit_amount"] = null,
            ["unit_amount_decimal"] = null,
        };
        if (scheme == "tiered")
        {
            if (p.Has("unit_amount") || p.Has("unit_amount_decimal"))
            {
                throw StripeErrorException.Invalid(
                    "You may not pass `unit_amount` or `unit_amount_decimal` when `billing_scheme=tiered`; set amounts in `tiers`.",
                    p.Has("unit_amount") ? "unit_amount" : "unit_amount_decimal");
            }

            if (recurring is null)
            {
                throw StripeErrorException.Invalid("Tiered prices must be recurring: pass `recurring[interval]`.", "billing_scheme");
            }

            if (p.Has("transform_quantity"))
            {
                throw StripeErrorException.Invalid(
                    "You cannot use `transform_quantity` with `billing_scheme=tiered`.", "transform_quantity");
            }

            price["tiers_mode"] = p.Enum("tiers_mode", "graduated", "volume") ?? throw StripeErrorException.Missing("tiers_mode");
            price["_tiers"] = Tiers(p, "tiers") ?? throw StripeErrorException.Missing("tiers");
        }
        else
        {
            if (p.Has("tiers") || p.Has("tiers_mode"))
            {
                throw StripeErrorException.Invalid(
                    "You may only pass `tiers` and `tiers_mode` when `billing_scheme=tiered`.", p.Has("tiers") ? "tiers" : "tiers_mode");
            }

            if (p.Hash("custom_unit_amount") is { } custom)
            {
                price["custom_unit_amount"] = CustomUnitAmount(custom, recurring is not null);
            }
            else
            {
                var (amount, amountDecimal) = Amount(p, "unit_amount", "unit_amount_decimal", required: true);
                price["unit_amount"] = amount;
                price["unit_amount_decimal"] = amountDecimal;
            }

            if (p.Hash("transform_quantity") is { } transform)
            {
                transform.Allow("divide_by", "round");
                price["transform_quantity"] = new JsonObject
                {
                    ["divide_by"] = transform.PositiveLong("divide_by")
                        ?? throw StripeErrorException.Missing("transform_quantity[divide_by]"),
                    ["round"] = transform.Enum("round", "down", "up") ?? throw StripeErrorException.Missing("transform_quantity[round]"),
                };
            }
        }

        if (p.Hash("currency_options") is { } options)
        {
            price["_currency_options"] = CurrencyOptions(options, currency, scheme);
        }

        SetLookupKey(request.Account, p, price);
        request.Account.Store.Add(price);
        return price;
    }

    private static JsonObject? Recurring(ParamHash p, StripeRequest request)
    {
        var recurring = p.Hash("recurring");
        if (recurring is null)
        {
            return null;
        }

        // aggregate_usage was removed, and meters required for metered prices, in 2025-03-31.basil.
        var legacyUsage = request.VersionBefore("2025-03-31");
        recurring.Allow(legacyUsage
            ? ["aggregate_usage", "interval", "interval_count", "meter", "trial_period_days", "usage_type"]
            : ["interval", "interval_count", "meter", "trial_period_days", "usage_type"]);
        var interval = recurring.Enum("interval", "day", "month", "week", "year")
            ?? throw StripeErrorException.Missing("recurring[interval]");
        var count = recurring.PositiveLong("interval_count") ?? 1;
        var maximum = interval switch { "year" => 3, "month" => 36, "week" => 156, _ => 1095 };
        if (count > maximum)
        {
            // The API reference: "Maximum of three years interval allowed (3 years, 36 months, or 156 weeks)."
            throw StripeErrorException.Invalid(
                "Invalid recurring[interval_count]: the maximum billing interval is three years (3 years, 36 months, or 156 weeks).",
                "recurring[interval_count]");
        }

        var usage = recurring.Enum("usage_type", "licensed", "metered") ?? "licensed";
        var meter = recurring.NonEmpty("meter");
        var aggregateUsage = recurring.Enum("aggregate_usage", "last_during_period", "last_ever", "max", "sum");
        if (aggregateUsage is not null && usage != "metered")
        {
            throw StripeErrorException.Invalid(
                "`recurring[aggregate_usage]` can only be set when `recurring[usage_type]=metered`.", "recurring[aggregate_usage]");
        }

        if (usage == "metered" && meter is null && !legacyUsage)
        {
            // Since 2025-03-31.basil, usage-based prices are backed by a billing meter.
            throw StripeErrorException.Missing("recurring[meter]");
        }

        if (meter is not null && usage == "metered")
        {
            // The meter must exist and be active: Stripe refuses prices on unknown or deactivated meters.
            meter = BillingMeterApi.FindActive(request.Account, meter, "recurring[meter]")["id"]!.GetValue<string>();
        }

        if (usage == "licensed" && meter is not null)
        {
            throw StripeErrorException.Invalid(
                "`recurring[meter]` can only be set when `recurring[usage_type]=metered`.", "recurring[meter]");
        }

        var result = new JsonObject
        {
            ["interval"] = interval,
            ["interval_count"] = count,
            ["meter"] = meter,
            ["trial_period_days"] = recurring.NonNegativeLong("trial_period_days"),
            ["usage_type"] = usage,
        };
        if (legacyUsage)
        {
            result["aggregate_usage"] = usage == "metered" ? aggregateUsage ?? "sum" : null;
        }

        return result;
    }

    /// <summary>An amount given as an integer or as a decimal string with at most 12 decimal places, not both.</summary>
    private static (long? Amount, string? Decimal) Amount(ParamHash p, string integerName, string decimalName, bool required)
    {
        var amount = p.NonNegativeLong(integerName);
        var amountDecimal = p.Decimal(decimalName);
        if (amount is not null && amountDecimal is not null)
        {
            throw StripeErrorException.Invalid(
                $"You may only specify one of these parameters: {integerName}, {decimalName}.", p.ChildPath(integerName));
        }

        if (amountDecimal is { } value)
        {
            if (value < 0)
            {
                throw StripeErrorException.Invalid($"Invalid {decimalName}: must be 0 or greater", p.ChildPath(decimalName));
            }

            if (value.Scale > 12 && value != decimal.Round(value, 12))
            {
                throw StripeErrorException.Invalid(
                    $"Invalid {decimalName}: at most 12 decimal places are allowed", p.ChildPath(decimalName));
            }

            var normalized = value.ToString("0.############", CultureInfo.InvariantCulture);
            return (value == decimal.Truncate(value) ? (long)value : null, normalized);
        }

        if (amount is null && required)
        {
            throw StripeErrorException.Missing(p.ChildPath(integerName));
        }

        return (amount, amount?.ToString(CultureInfo.InvariantCulture));
    }

    private static JsonObject CustomUnitAmount(ParamHash custom, bool recurring)
    {
        custom.Allow("enabled", "maximum", "minimum", "preset");
        if (recurring)
        {
            throw StripeErrorException.Invalid("`custom_unit_amount` is only available for one-time prices.", "custom_unit_amount");
        }

        if (custom.Bool("enabled") is not true)
        {
            throw StripeErrorException.Missing("custom_unit_amount[enabled]");
        }

        return new JsonObject
        {
            ["maximum"] = custom.NonNegativeLong("maximum"),
            ["minimum"] = custom.NonNegativeLong("minimum"),
            ["preset"] = custom.NonNegativeLong("preset"),
        };
    }

    /// <summary>Tiers in ascending <c>up_to</c>, the last one <c>inf</c>, each with a unit or flat amount.</summary>
    private static JsonArray? Tiers(ParamHash p, string name)
    {
        var tiers = p.Hashes(name, MaxTiers);
        if (tiers is null)
        {
            return null;
        }

        if (tiers.Count == 0)
        {
            throw StripeErrorException.Empty(p.ChildPath(name));
        }

        var result = new JsonArray();
        long previous = 0;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i].Allow("flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal", "up_to");
            var upTo = tier.NonEmpty("up_to") ?? throw StripeErrorException.Missing(tier.ChildPath("up_to"));
            var last = i == tiers.Count - 1;
            long? limit = null;
            if (upTo == "inf")
            {
                if (!last)
                {
                    throw StripeErrorException.Invalid("Only the last tier may have `up_to=inf`.", tier.ChildPath("up_to"));
                }
            }
            else
            {
                limit = tier.PositiveLong("up_to")!.Value;
                if (limit <= previous)
                {
                    throw StripeErrorException.Invalid("Tiers must be in ascending order of `up_to`.", tier.ChildPath("up_to"));
                }

                if (last)
                {
                    throw StripeErrorException.Invalid(
                        "The tiers array must include a catch all tier with up_to set to `inf` as last item.", tiers[0].ChildPath("up_to"));
                }

                previous = limit.Value;
            }

            var (unit, unitDecimal) = Amount(tier, "unit_amount", "unit_amount_decimal", required: false);
            var (flat, flatDecimal) = Amount(tier, "flat_amount", "flat_amount_decimal", required: false);
            if (unitDecimal is null && flatDecimal is null)
            {
                throw StripeErrorException.Invalid(
                    "Each tier must have at least one of `unit_amount`, `unit_amount_decimal`, `flat_amount` or `flat_amount_decimal`.",
                    tier.Path);
            }

            result.Add(new JsonObject
            {
                ["flat_amount"] = flat,
                ["flat_amount_decimal"] = flatDecimal,
                ["unit_amount"] = unit,
                ["unit_amount_decimal"] = unitDecimal,
                ["up_to"] = limit,
            });
        }

        return result;
    }

    public static JsonObject CurrencyOptions(ParamHash options, string currency, string scheme)
    {
        var result = new JsonObject();
        foreach (var key in options.Keys)
        {
            var other = Currencies.Parse(key, options.ChildPath(key));
            if (other == currency)
            {
                throw StripeErrorException.Invalid(
                    $"`currency_options` cannot include the price's own currency ({currency}).", options.ChildPath(key));
            }

            var option = options.Hash(key)!.Allow("custom_unit_amount", "tax_behavior", "tiers", "unit_amount", "unit_amount_decimal");
            var entry = new JsonObject
            {
                ["custom_unit_amount"] = null,
                ["tax_behavior"] = option.Enum("tax_behavior", "exclusive", "inclusive", "unspecified") ?? "unspecified",
                ["unit_amount"] = null,
                ["unit_amount_decimal"] = null,
            };
            if (scheme == "tiered")
            {
                entry["tiers"] = Tiers(option, "tiers") ?? throw StripeErrorException.Missing(option.ChildPath("tiers"));
            }
            else if (option.Hash("custom_unit_amount") is { } custom)
            {
                entry["custom_unit_amount"] = CustomUnitAmount(custom, recurring: false);
            }
            else
            {
                var (amount, amountDecimal) = Amount(option, "unit_amount", "unit_amount_decimal", required: true);
                entry["unit_amount"] = amount;
                entry["unit_amount_decimal"] = amountDecimal;
            }

            result[other] = entry;
        }

        return result;
    }

    /// <summary>Lookup keys are unique among the account's prices; <c>transfer_lookup_key</c> moves one from its holder.</summary>
    public static void SetLookupKey(StripeAccount account, ParamHash p, JsonObject price)
    {
        var lookupKey = p.String("lookup_key");
        var transfer = p.Bool("transfer_lookup_key") ?? false;
        if (lookupKey is null)
        {
            return;
        }

        if (lookupKey.Length == 0)
        {
            price["lookup_key"] = null;
            return;
        }

        if (lookupKey.Length > 200)
        {
            throw StripeErrorException.Invalid("Invalid lookup_key: must be at most 200 characters", "lookup_key");
        }

        var holder = account.Store.NewestFirst("price", "lookup_key", lookupKey).FirstOrDefault(other =>
            other["id"]!.GetValue<string>() != price["id"]!.GetValue<string>());
        if (holder is not null)
        {
            if (!transfer)
            {
                throw StripeErrorException.Invalid(
                    $"A price (`{holder["id"]}`) already uses that lookup key. Pass `transfer_lookup_key=true` to move it to this price.",
                    "lookup_key");
            }

            holder["lookup_key"] = null;
        }

        price["lookup_key"] = lookupKey;
    }

    /// <summary>A hidden, archived price for <c>price_data</c>, as Stripe creates for inline prices.</summary>
    public static JsonObject InlinePrice(StripeAccount account, ParamHash data, bool recurring)
    {
        data.Allow("currency", "product", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal");
        var currency = Currencies.Parse(data.Required("currency"), data.ChildPath("currency"));
        var product = ProductApi.Find(account, data.Required("product"), data.ChildPath("product"));
        JsonObject? recurringObject = null;
        if (recurring)
        {
            var r = data.Hash("recurring") ?? throw StripeErrorException.Missing(data.ChildPath("recurring"));
            r.Allow("interval", "interval_count");
            recurringObject = new JsonObject
            {
                ["interval"] = r.Enum("interval", "day", "month", "week", "year")
                    ?? throw StripeErrorException.Missing(r.ChildPath("interval")),
                ["interval_count"] = r.PositiveLong("interval_count") ?? 1,
                ["meter"] = null,
                ["trial_period_days"] = null,
                ["usage_type"] = "licensed",
            };
        }
        else if (data.Has("recurring"))
        {
            throw StripeErrorException.Unknown(data.ChildPath("recurring"));
        }

        var amount = data.NonNegativeLong("unit_amount");
        var amountDecimal = data.Decimal("unit_amount_decimal");
        if (amount is null && amountDecimal is null)
        {
            throw StripeErrorException.Missing(data.ChildPath("unit_amount"));
        }

        var price = new JsonObject
        {
            ["id"] = StripeIds.Long("price_"),
            ["object"] = "price",
            ["active"] = false,
            ["billing_scheme"] = "per_unit",
            ["created"] = account.Now,
            ["currency"] = currency,
            ["custom_unit_amount"] = null,
            ["livemode"] = false,
            ["lookup_key"] = null,
            ["metadata"] = new JsonObject(),
            ["nickname"] = null,
            ["product"] = product["id"]!.DeepClone(),
            ["recurring"] = recurringObject,
            ["tax_behavior"] = data.Enum("tax_behavior", "exclusive", "inclusive", "unspecified") ?? "unspecified",
            ["tiers_mode"] = null,
            // Includable: shown (null unless tiered) only with expand[]=tiers, as Stripe does.
            ["_tiers"] = null,
            ["transform_quantity"] = null,
            ["type"] = recurring ? "recurring" : "one_time",
            ["unit_amount"] = amount ?? (amountDecimal == decimal.Truncate(amountDecimal!.Value) ? (long)amountDecimal.Value : null),
            ["unit_amount_decimal"] = (amount?.ToString(CultureInfo.InvariantCulture))
                ?? amountDecimal!.Value.ToString("0.############", CultureInfo.InvariantCulture),
        };
        account.Store.Add(price);
        return price;
    }
}
