using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/invoiceitems</c>: one-time charges waiting for the customer's next invoice (or added to a draft invoice), priced
/// by <c>amount</c>, <c>unit_amount_decimal</c>, <c>pricing[price]</c> (a one-time price) or <c>price_data</c>.
/// </summary>
internal static class InvoiceItemApi
{
    private const string Noun = "invoiceitem";

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/invoiceitems", Create);
        router.Get("/v1/invoiceitems", List);
        router.Get("/v1/invoiceitems/{id}", Retrieve);
        router.Post("/v1/invoiceitems/{id}", Update);
        router.Delete("/v1/invoiceitems/{id}", Delete);
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("amount", "currency", "customer", "customer_account", "description", "discountable", "discounts",
            "invoice", "metadata", "period", "price_data", "pricing", "quantity", "quantity_decimal", "subscription", "tax_behavior",
            "tax_code", "tax_rates", "unit_amount_decimal");
        var customerId = p.Required("customer");
        var customer = CustomerApi.Live(request.Account, customerId, "customer");
        var (currency, unitAmount, priceId, productId) = Pricing(request.Account, p, invoiceCurrency: null);
        var customerCurrency = customer["currency"]?.GetValue<string>();
        if (customerCurrency is not null && customerCurrency != currency)
        {
            throw StripeErrorException.Invalid(
                "You cannot combine currencies on a single customer. This customer has an active subscription, subscription " +
                $"schedule, discount, quote, or invoice item with currency {customerCurrency}.", "currency");
        }

        customer["currency"] ??= currency;
        string? invoiceId = null;
        if (p.NonEmpty("invoice") is { } invoiceParam)
        {
            var invoice = request.Account.Store.Get("invoice", invoiceParam, "invoice", "invoice");
            if (invoice["status"]!.GetValue<string>() != "draft")
            {
                throw StripeErrorException.Invalid("You can only add invoice items to draft invoices.", "invoice");
            }

            invoiceId = invoiceParam;
        }

        string? subscriptionId = null;
        if (p.NonEmpty("subscription") is { } subscriptionParam)
        {
            subscriptionId = SubscriptionApi.Find(request.Account, subscriptionParam, "subscription")["id"]!.GetValue<string>();
        }

        var item = New(request.Account, p, customer, invoiceId, subscriptionId, (currency, unitAmount, priceId, productId));
        request.Account.Store.Add(item);
        return request.Account.Render(item);
    }

    /// <summary>
    /// An invoice item on a draft invoice from one line of <c>POST /v1/invoices/{id}/add_lines</c>, checked and not yet
    /// stored: priced like an item of <c>/v1/invoiceitems</c> (<c>amount</c> in the invoice's currency, <c>pricing[price]</c>
    /// or <c>price_data</c>), in the invoice's currency.
    /// </summary>
    public static JsonObject NewLine(StripeAccount account, ParamHash line, JsonObject invoice, JsonObject customer)
    {
        var invoiceCurrency = invoice["currency"]!.GetValue<string>();
        var pricing = Pricing(account, line, invoiceCurrency);
        if (pricing.Currency != invoiceCurrency)
        {
            throw StripeErrorException.Invalid(
                $"The line's currency ({pricing.Currency}) must match the invoice's currency ({invoiceCurrency}).", line.Path);
        }

        return New(account, line, customer, invoice["id"]!.GetValue<string>(), subscriptionId: null, pricing);
    }

    private static JsonObject New(StripeAccount account, ParamHash p, JsonObject customer, string? invoiceId, string? subscriptionId,
        (string Currency, decimal UnitAmount, string? PriceId, string? ProductId) pricing)
    {
        var customerId = customer["id"]!.GetValue<string>();
        var now = Subscriptions.NowFor(account, customerId);
        var quantity = p.PositiveLong("quantity") ?? 1;
        var (currency, unitAmount, priceId, productId) = pricing;
        var period = p.Hash("period")?.Allow("end", "start");
        var amount = decimal.Round(unitAmount * quantity, MidpointRounding.AwayFromZero);
        return new JsonObject
        {
            ["id"] = StripeIds.Long("ii_"),
            ["object"] = "invoiceitem",
            ["amount"] = (long)amount,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["customer_account"] = null,
            ["date"] = now,
            ["description"] = p.NonEmpty("description"),
            ["discountable"] = p.Bool("discountable") ?? true,
            ["discounts"] = new JsonArray(),
            ["invoice"] = invoiceId,
            ["livemode"] = false,
            ["metadata"] = Metadata.Apply(p, null),
            ["net_amount"] = (long)amount,
            ["parent"] = subscriptionId is null ? null : new JsonObject
            {
                ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["subscription_item"] = null },
                ["type"] = "subscription_details",
            },
            ["period"] = new JsonObject
            {
                ["end"] = period?.Timestamp("end") ?? now,
                ["start"] = period?.Timestamp("start") ?? now,
            },
            ["pricing"] = new JsonObject
            {
                ["price_details"] = priceId is null ? null : new JsonObject { ["price"] = priceId, ["product"] = productId },
                ["type"] = "price_details",
                ["unit_amount_decimal"] = unitAmount.ToString("0.############", CultureInfo.InvariantCulture),
            },
            ["proration"] = false,
            ["quantity"] = quantity,
            ["quantity_decimal"] = quantity.ToString(CultureInfo.InvariantCulture),
            ["tax_rates"] = new JsonArray(),
            ["test_clock"] = customer["test_clock"]?.DeepClone(),
        };
    }

    /// <summary>
    /// The item's currency and unit amount from exactly one of the ways to price it; an <c>amount</c> is in
    /// <paramref name="invoiceCurrency"/> when given (a line of <c>add_lines</c>), else in the <c>currency</c> sent.
    /// </summary>
    private static (string Currency, decimal UnitAmount, string? PriceId, string? ProductId) Pricing(
        StripeAccount account, ParamHash p, string? invoiceCurrency)
    {
        var ways = new[] { "amount", "unit_amount_decimal", "pricing", "price_data" }.Where(p.Has).ToList();
        if (ways.Count > 1)
        {
            throw StripeErrorException.Invalid($"You may only specify one of these parameters: {string.Join(", ", ways)}.", p.ChildPath(ways[1]));
        }

        if (ways.Count == 0)
        {
            throw StripeErrorException.Invalid(
                "You must specify either `amount`, `unit_amount_decimal`, `pricing[price]` or `price_data`.",
                p.ChildPath("amount"),
                "parameter_missing");
        }

        if (p.Hash("pricing") is { } pricing)
        {
            var param = pricing.Allow("price").ChildPath("price");
            var price = account.Store.Get("price", pricing.Required("price"), "price", param);
            if (price["type"]!.GetValue<string>() != "one_time")
            {
                throw StripeErrorException.Invalid(
                    "The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.", param);
            }

            if (p.Has("currency") && Currencies.Parse(p.Required("currency"), p.ChildPath("currency")) != price["currency"]!.GetValue<string>())
            {
                throw StripeErrorException.Invalid("The currency must match the price's currency.", p.ChildPath("currency"));
            }

            var unit = decimal.Parse(price["unit_amount_decimal"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
            return (price["currency"]!.GetValue<string>(), unit, price["id"]!.GetValue<string>(), price["product"]!.GetValue<string>());
        }

        if (p.Hash("price_data") is { } data)
        {
            data.Allow("currency", "product", "tax_behavior", "unit_amount", "unit_amount_decimal");
            var currency = Currencies.Parse(data.Required("currency"), data.ChildPath("currency"));
            var product = ProductApi.Find(account, data.Required("product"), data.ChildPath("product"));
            var unit = data.NonNegativeLong("unit_amount") ?? data.Decimal("unit_amount_decimal")
                ?? throw StripeErrorException.Missing(data.ChildPath("unit_amount"));
            return (currency, unit, null, product["id"]!.GetValue<string>());
        }

        var itemCurrency = invoiceCurrency ?? Currencies.Parse(p.Required("currency"), p.ChildPath("currency"));
        if (p.Long("amount") is { } amount)
        {
            if (p.Has("quantity"))
            {
                throw StripeErrorException.Invalid(
                    "When passing `amount`, `quantity` cannot be set; use `unit_amount_decimal` with a quantity instead.", p.ChildPath("quantity"));
            }

            return (itemCurrency, amount, null, null);
        }

        return (itemCurrency, p.Decimal("unit_amount_decimal")!.Value, null, null);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("invoiceitem", request.Route(), Noun));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("amount", "description", "discountable", "discounts", "invoicing_rules", "metadata", "period",
            "price_data", "pricing",
            "quantity", "quantity_decimal", "tax_behavior", "tax_code", "tax_rates", "unit_amount_decimal");
        var item = Editable(request);
        CustomerApi.SetNullable(p, item, "description");
        if (p.Bool("discountable") is { } discountable)
        {
            item["discountable"] = discountable;
        }

        if (p.Long("amount") is { } amount)
        {
            item["amount"] = amount;
            item["net_amount"] = amount;
            item["quantity"] = 1;
            item["pricing"]!["unit_amount_decimal"] = amount.ToString(CultureInfo.InvariantCulture);
        }
        else if (p.PositiveLong("quantity") is { } quantity)
        {
            var unit = decimal.Parse(item["pricing"]!["unit_amount_decimal"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            item["quantity"] = quantity;
            item["amount"] = (long)decimal.Round(unit * quantity, MidpointRounding.AwayFromZero);
            item["net_amount"] = item["amount"]!.DeepClone();
        }

        item["metadata"] = Metadata.Apply(p, item["metadata"] as JsonObject);
        return request.Account.Render(item);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow();
        var item = Editable(request);
        request.Account.Store.Remove("invoiceitem", item["id"]!.GetValue<string>());
        return new JsonObject { ["id"] = item["id"]!.DeepClone(), ["object"] = "invoiceitem", ["deleted"] = true };
    }

    /// <summary>Invoice items can change only while they are pending or on a draft invoice.</summary>
    private static JsonObject Editable(StripeRequest request)
    {
        var item = request.Account.Store.Get("invoiceitem", request.Route(), Noun);
        if (item["invoice"]?.GetValue<string>() is { } invoiceId
            && request.Account.Store.Find("invoice", invoiceId)?["status"]?.GetValue<string>() is { } status && status != "draft")
        {
            throw StripeErrorException.Invalid(
                $"This invoice item cannot be modified because it is on an invoice that is `{status}`, not `draft`.", "id");
        }

        return item;
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "created", "customer", "customer_account", "invoice", "pending"]);
        var customer = p.NonEmpty("customer");
        var invoice = p.NonEmpty("invoice");
        var pending = p.Bool("pending");
        var created = Listing.Created(p);
        return Listing.List(request, "invoiceitem", Noun, i =>
            (customer is null || i["customer"]!.GetValue<string>() == customer)
            && (invoice is null || i["invoice"]?.GetValue<string>() == invoice)
            && (pending is null || (i["invoice"] is null) == pending)
            && created(i), "/v1/invoiceitems", invoice is null ? ("customer", customer) : ("invoice", invoice));
    }
}
