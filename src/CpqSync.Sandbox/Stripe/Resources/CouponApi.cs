using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/coupons</c>: <c>percent_off</c> or <c>amount_off</c> with its <c>currency</c>; <c>duration</c> once, repeating
/// (with <c>duration_in_months</c>) or forever; <c>applies_to[products]</c>, <c>max_redemptions</c>, <c>redeem_by</c>.
/// Only <c>name</c>, <c>metadata</c> and <c>currency_options</c> can change afterwards.
/// </summary>
internal static class CouponApi
{
    public static void Map(StripeRouter router)
    {
        router.Post("/v1/coupons", Create);
        router.Get("/v1/coupons", List);
        router.Get("/v1/coupons/{id}", Retrieve);
        router.Post("/v1/coupons/{id}", Update);
        router.Delete("/v1/coupons/{id}", Delete);
    }

    public static JsonObject Find(StripeAccount account, string id, string param) =>
        account.Store.Get("coupon", id, "coupon", param);

    /// <summary>Whether the coupon can discount an amount in <paramref name="currency"/>: percentages always can,
    /// fixed amounts only in their currency or one of their <c>currency_options</c>.</summary>
    public static bool AppliesIn(JsonObject coupon, string currency) =>
        coupon["amount_off"] is null
        || coupon["currency"]?.GetValue<string>() == currency
        || (coupon["_currency_options"] as JsonObject)?.ContainsKey(currency) == true;

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("amount_off", "applies_to", "currency", "currency_options", "duration", "duration_in_months",
            "id", "max_redemptions", "metadata", "name", "percent_off", "redeem_by");
        var percentOff = p.Decimal("percent_off");
        var amountOff = p.PositiveLong("amount_off");
        if (percentOff is not null && amountOff is not null)
        {
            throw StripeErrorException.Invalid("You may only specify one of these parameters: amount_off, percent_off.", "amount_off");
        }

        if (percentOff is null && amountOff is null)
        {
            throw StripeErrorException.Invalid("You must pass either `amount_off` or `percent_off`.", "percent_off", "parameter_missing");
        }

        if (percentOff is <= 0 or > 100)
        {
            throw StripeErrorException.Invalid("Invalid percent_off: must be greater than 0 and at most 100", "percent_off");
        }

        string? currency = null;
        if (p.NonEmpty("currency") is { } currencyValue)
        {
            currency = Currencies.Parse(currencyValue, "currency");
        }

        if (amountOff is not null && currency is null)
        {
            // A fixed discount means nothing without its currency.
            throw StripeErrorException.Missing("currency");
        }

        var duration = p.Enum("duration", "forever", "once", "repeating") ?? "once";
        var months = p.PositiveLong("duration_in_months");
        if (duration == "repeating" && months is null)
        {
            throw StripeErrorException.Missing("duration_in_months");
        }

        if (duration != "repeating" && months is not null)
        {
            throw StripeErrorException.Invalid(
                "`duration_in_months` can only be set when `duration=repeating`.", "duration_in_months");
        }

        var redeemBy = p.Timestamp("redeem_by");
        if (redeemBy <= request.Now)
        {
            throw StripeErrorException.Invalid("Invalid redeem_by: must be in the future", "redeem_by");
        }

        CheckName(p);
        var id = p.NonEmpty("id") ?? StripeIds.New(string.Empty, 8);
        if (request.Account.Store.Find("coupon", id) is not null)
        {
            throw StripeErrorException.Invalid("Coupon already exists.", "id", "resource_already_exists");
        }

        JsonObject? appliesTo = null;
        if (p.Hash("applies_to") is { } applies)
        {
            var products = applies.Allow("products").Strings("products") ?? [];
            foreach (var (product, index) in products.Select((product, index) => (product, index)))
            {
                ProductApi.Find(request.Account, product, $"applies_to[products][{index}]");
            }

            appliesTo = new JsonObject { ["products"] = new JsonArray([.. products.Select(x => (JsonNode)x)]) };
        }

        var coupon = new JsonObject
        {
            ["id"] = id,
            ["object"] = "coupon",
            ["amount_off"] = amountOff,
            ["_applies_to"] = appliesTo,
            ["created"] = request.Now,
            ["currency"] = currency,
            ["duration"] = duration,
            ["duration_in_months"] = months,
            ["livemode"] = false,
            ["max_redemptions"] = p.PositiveLong("max_redemptions"),
            ["metadata"] = Metadata.Apply(p, null),
            ["name"] = p.NonEmpty("name"),
            ["percent_off"] = percentOff is { } percent ? JsonValue.Create((double)percent) : null,
            ["redeem_by"] = redeemBy,
            ["times_redeemed"] = 0L,
            ["valid"] = true,
        };
        if (p.Hash("currency_options") is { } options)
        {
            coupon["_currency_options"] = CurrencyOptions(options, amountOff is not null, currency);
        }

        request.Account.Store.Add(coupon);
        return request.Account.Render(coupon);
    }

    /// <summary>A coupon's name is what customers see on invoices; the API reference caps it at 40 characters.</summary>
    private static void CheckName(ParamHash p)
    {
        if (p.String("name") is { Length: > 40 } name)
        {
            throw StripeErrorException.Invalid($"Invalid name: must be at most 40 characters (it has {name.Length}).", "name");
        }
    }

    private static JsonObject CurrencyOptions(ParamHash options, bool fixedAmount, string? currency)
    {
        if (!fixedAmount)
        {
            throw StripeErrorException.Invalid("`currency_options` can only be set on coupons with `amount_off`.", "currency_options");
        }

        var result = new JsonObject();
        foreach (var key in options.Keys)
        {
            var other = Currencies.Parse(key, options.ChildPath(key));
            if (other == currency)
            {
                throw StripeErrorException.Invalid($"`currency_options` cannot include the coupon's own currency ({currency}).",
                    options.ChildPath(key));
            }

            var option = options.Hash(key)!.Allow("amount_off");
            result[other] = new JsonObject
            {
                ["amount_off"] = option.PositiveLong("amount_off") ?? throw StripeErrorException.Missing(option.ChildPath("amount_off")),
            };
        }

        return result;
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(Find(request.Account, request.Route(), "id"));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("currency_options", "metadata", "name");
        var coupon = Find(request.Account, request.Route(), "id");
        CheckName(p);
        CustomerApi.SetNullable(p, coupon, "name");
        if (p.Hash("currency_options") is { } options)
        {
            var merged = coupon["_currency_options"]?.DeepClone().AsObject() ?? [];
            foreach (var (currency, option) in CurrencyOptions(options, coupon["amount_off"] is not null,
                         coupon["currency"]?.GetValue<string>()).ToList())
            {
                merged[currency] = option!.DeepClone();
            }

            coupon["_currency_options"] = merged;
        }

        coupon["metadata"] = Metadata.Apply(p, coupon["metadata"] as JsonObject);
        return request.Account.Render(coupon);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var coupon = Find(request.Account, request.Route(), "id");
        request.Account.Store.Remove("coupon", coupon["id"]!.GetValue<string>());
        return new JsonObject { ["id"] = coupon["id"]!.DeepClone(), ["object"] = "coupon", ["deleted"] = true };
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "created"]);
        var created = Listing.Created(p);
        return Listing.List(request, "coupon", "coupon", created, "/v1/coupons");
    }

    /// <summary>A coupon that can still be redeemed, for an amount in <paramref name="currency"/>.</summary>
    public static void CheckUsable(JsonObject coupon, string currency, string param, long now)
    {
        if (coupon["redeem_by"]?.GetValue<long>() is { } redeemBy && redeemBy <= now)
        {
            throw StripeErrorException.Invalid($"Coupon expired: {coupon["id"]}", param);
        }

        if (coupon["max_redemptions"]?.GetValue<long>() is { } max && coupon["times_redeemed"]!.GetValue<long>() >= max)
        {
            throw StripeErrorException.Invalid($"Coupon {coupon["id"]} has been redeemed the maximum number of times.", param);
        }

        if (!AppliesIn(coupon, currency))
        {
            throw StripeErrorException.Invalid(
                $"The coupon `{coupon["id"]}` is for amounts in `{coupon["currency"]}`, which doesn't match the currency: `{currency}`.",
                param);
        }
    }
}
