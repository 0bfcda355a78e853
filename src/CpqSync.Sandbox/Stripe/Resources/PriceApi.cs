using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/prices</c>. A price's amounts, currency, product and billing are immutable once created: update takes only
/// <c>active</c>, <c>currency_options</c>, <c>lookup_key</c>, <c>metadata</c>, <c>nickname</c>, <c>tax_behavior</c> and
/// <c>transfer_lookup_key</c>; anything else is an unknown parameter, as in the API reference.
/// </summary>
internal static class PriceApi
{
    public static void Map(StripeRouter router)
    {
        router.Post("/v1/prices", Create);
        router.Get("/v1/prices", List);
        router.Get("/v1/prices/search", Search);
        router.Get("/v1/prices/{id}", Retrieve);
        router.Post("/v1/prices/{id}", Update);
    }

    /// <summary>The price a product's <c>default_price_data</c> describes.</summary>
    public static JsonObject CreateDefault(StripeRequest request, ParamHash data, string productId)
    {
        data.Allow("currency", "currency_options", "custom_unit_amount", "metadata", "recurring", "tax_behavior", "unit_amount",
            "unit_amount_decimal");
        data.Hash("recurring")?.Allow("interval", "interval_count");
        return PriceBuilder.Build(request, data, productId);
    }

    /// <summary>The legacy <c>plan</c> view of a recurring price that subscription items carry.</summary>
    public static JsonNode? AsPlan(JsonObject price)
    {
        if (price["recurring"] is not JsonObject recurring)
        {
            return null;
        }

        return new JsonObject
        {
            ["id"] = price["id"]!.DeepClone(),
            ["object"] = "plan",
            ["active"] = price["active"]!.DeepClone(),
            ["amount"] = price["unit_amount"]?.DeepClone(),
            ["amount_decimal"] = price["unit_amount_decimal"]?.DeepClone(),
            ["billing_scheme"] = price["billing_scheme"]!.DeepClone(),
            ["created"] = price["created"]!.DeepClone(),
            ["currency"] = price["currency"]!.DeepClone(),
            ["interval"] = recurring["interval"]!.DeepClone(),
            ["interval_count"] = recurring["interval_count"]!.DeepClone(),
            ["livemode"] = false,
            ["metadata"] = price["metadata"]!.DeepClone(),
            ["meter"] = recurring["meter"]?.DeepClone(),
            ["nickname"] = price["nickname"]?.DeepClone(),
            ["product"] = price["product"]!.DeepClone(),
            ["tiers_mode"] = price["tiers_mode"]?.DeepClone(),
            ["transform_usage"] = price["transform_quantity"]?.DeepClone(),
            ["trial_period_days"] = recurring["trial_period_days"]?.DeepClone(),
            ["usage_type"] = recurring["usage_type"]!.DeepClone(),
        };
    }

    /// <summary>Whether the price can be billed in <paramref name="currency"/> (its own or one of its currency_options).</summary>
    public static bool Supports(JsonObject price, string currency) =>
        price["currency"]!.GetValue<string>() == currency
        || (price["_currency_options"] as JsonObject)?.ContainsKey(currency) == true;

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("active", "billing_scheme", "currency", "currency_options", "custom_unit_amount", "lookup_key",
            "metadata", "nickname", "product", "product_data", "recurring", "tax_behavior", "tiers", "tiers_mode",
            "transfer_lookup_key", "transform_quantity", "unit_amount", "unit_amount_decimal");
        var productId = p.NonEmpty("product");
        var productData = p.Hash("product_data");
        if (productId is not null && productData is not null)
        {
            throw StripeErrorException.Invalid("You may only specify one of these parameters: product, product_data.", "product");
        }

        if (productId is null && productData is null)
        {
            throw StripeErrorException.Missing("product");
        }

        productId = productId is not null
            ? ProductApi.Find(request.Account, productId, "product")["id"]!.GetValue<string>()
            : CreateProduct(request, productData!);
        return request.Account.Render(PriceBuilder.Build(request, p, productId));
    }

    private static string CreateProduct(StripeRequest request, ParamHash data)
    {
        data.Allow("active", "id", "metadata", "name", "statement_descriptor", "tax_code", "tax_details", "unit_label");
        var product = ProductApi.New(data.NonEmpty("id") ?? StripeIds.New("prod_"), data.Required("name"), "service", request.Now);
        product["active"] = data.Bool("active") ?? true;
        product["metadata"] = Metadata.Apply(data, null);
        product["statement_descriptor"] = data.NonEmpty("statement_descriptor");
        product["tax_code"] = data.NonEmpty("tax_code");
        product["unit_label"] = data.NonEmpty("unit_label");
        request.Account.Store.Add(product);
        return product["id"]!.GetValue<string>();
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("price", request.Route(), "price"));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("active", "currency_options", "lookup_key", "metadata", "nickname", "tax_behavior",
            "transfer_lookup_key");
        var price = request.Account.Store.Get("price", request.Route(), "price");
        if (p.Bool("active") is false
            && request.Account.Store.Find("product", price["product"]!.GetValue<string>())?["default_price"]?.GetValue<string>()
                == price["id"]!.GetValue<string>())
        {
            throw StripeErrorException.Invalid(
                "This price cannot be archived because it is the default price of its product. Set another default_price on the " +
                "product first.", "active");
        }

        if (p.Bool("active") is { } active)
        {
            price["active"] = active;
        }

        CustomerApi.SetNullable(p, price, "nickname");
        if (p.Enum("tax_behavior", "exclusive", "inclusive", "unspecified") is { } taxBehavior)
        {
            var current = price["tax_behavior"]!.GetValue<string>();
            if (current != "unspecified" && current != taxBehavior)
            {
                throw StripeErrorException.Invalid(
                    $"The price's `tax_behavior` is already `{current}`; once set to inclusive or exclusive it cannot be changed.",
                    "tax_behavior");
            }

            price["tax_behavior"] = taxBehavior;
        }

        if (p.Hash("currency_options") is { } options)
        {
            var merged = price["_currency_options"]?.DeepClone().AsObject() ?? [];
            foreach (var (currency, option) in PriceBuilder.CurrencyOptions(options, price["currency"]!.GetValue<string>(),
                         price["billing_scheme"]!.GetValue<string>()).ToList())
            {
                merged[currency] = option!.DeepClone();
            }

            price["_currency_options"] = merged;
        }

        PriceBuilder.SetLookupKey(request.Account, p, price);
        price["metadata"] = Metadata.Apply(p, price["metadata"] as JsonObject);
        return request.Account.Render(price);
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "active", "created", "currency", "lookup_keys", "product",
            "recurring", "type"]);
        var active = p.Bool("active");
        var currency = p.NonEmpty("currency")?.ToLowerInvariant();
        var lookupKeys = p.Strings("lookup_keys");
        var product = p.NonEmpty("product");
        var type = p.Enum("type", "one_time", "recurring");
        var recurring = p.Hash("recurring")?.Allow("interval", "meter", "usage_type");
        var interval = recurring?.Enum("interval", "day", "month", "week", "year");
        var usage = recurring?.Enum("usage_type", "licensed", "metered");
        var meter = recurring?.NonEmpty("meter");
        var created = Listing.Created(p);
        return Listing.List(request, "price", "price", price =>
            (active is null || price["active"]!.GetValue<bool>() == active)
            && (currency is null || price["currency"]!.GetValue<string>() == currency)
            && (lookupKeys is null || lookupKeys.Contains(price["lookup_key"]?.GetValue<string>() ?? "\0"))
            && (product is null || price["product"]!.GetValue<string>() == product)
            && (type is null || price["type"]!.GetValue<string>() == type)
            && (interval is null || price["recurring"]?["interval"]?.GetValue<string>() == interval)
            && (usage is null || price["recurring"]?["usage_type"]?.GetValue<string>() == usage)
            && (meter is null || price["recurring"]?["meter"]?.GetValue<string>() == meter)
            && created(price), "/v1/prices");
    }

    private static JsonObject Search(StripeRequest request) => Listing.Search(request, "price",
        new HashSet<string>(StringComparer.Ordinal) { "active", "currency", "lookup_key", "product", "type" }, _ => true);
}
