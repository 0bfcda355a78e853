using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// The invoices a subscription issues: one when it starts (<c>subscription_create</c>) and one at the start of each
/// billing period (<c>subscription_cycle</c>), with a line per item for the period ahead, the customer's pending invoice
/// items (a phase's <c>add_invoice_items</c> among them), and the subscription's coupons. They are finalized at once.
/// Not emulated: prorations for mid-period changes, taxes, and payment (invoices stay <c>open</c>).
/// </summary>
internal static class SubscriptionInvoices
{
    /// <summary>The stored field holding an invoice's subscription lines.</summary>
    public const string Lines = "_subscription_lines";

    private const string InvoicedUntil = "_invoiced_period_start";
    private const string DiscountAmount = "_discount_amount";

    /// <summary>The discount an invoice carries, shown in its totals.</summary>
    public static long Discount(JsonObject invoice) => invoice[DiscountAmount]?.GetValue<long>() ?? 0;

    /// <summary>Issues the invoices for every billing period that has started since the last one.</summary>
    public static void CatchUp(StripeAccount account, JsonObject subscription)
    {
        if (subscription["status"]!.GetValue<string>() is "canceled")
        {
            return;
        }

        var items = Subscriptions.Items(account, subscription["id"]!.GetValue<string>());
        var recurring = items
            .Select(i => account.Store.Find("price", i["price"]!.GetValue<string>())?["recurring"])
            .FirstOrDefault(r => r is not null);
        if (recurring is null)
        {
            return;
        }

        var current = items[0]["current_period_start"]!.GetValue<long>();
        var invoiced = subscription[InvoicedUntil]?.GetValue<long>();
        if (invoiced is null)
        {
            Issue(account, subscription, items, current, items[0]["current_period_end"]!.GetValue<long>(), "subscription_create");
            return;
        }

        // Every period boundary since the last invoice gets its own invoice, as when a test clock jumps ahead.
        var anchor = subscription["billing_cycle_anchor"]!.GetValue<long>();
        var interval = recurring["interval"]!.GetValue<string>();
        var count = recurring["interval_count"]!.GetValue<long>();
        for (var k = 0; k < 1000; k++)
        {
            var start = Periods.Add(anchor, interval, count * k);
            if (start > current)
            {
                break;
            }

            if (start > invoiced)
            {
                Issue(account, subscription, items, start, Periods.Add(anchor, interval, count * (k + 1)), "subscription_cycle");
            }
        }
    }

    private static void Issue(
        StripeAccount account, JsonObject subscription, List<JsonObject> items, long periodStart, long periodEnd, string reason)
    {
        var customer = account.Store.Get("customer", subscription["customer"]!.GetValue<string>(), "customer", "customer");
        var currency = subscription["currency"]!.GetValue<string>();
        var subscriptionId = subscription["id"]!.GetValue<string>();
        var method = subscription["collection_method"]!.GetValue<string>();
        var invoice = InvoiceApi.New(customer, currency, subscriptionId, method, periodStart);
        invoice["billing_reason"] = reason;
        invoice["auto_advance"] = true;
        var trialing = subscription["trial_end"]?.GetValue<long>() > periodStart;
        var lines = new JsonArray();
        foreach (var item in items)
        {
            var price = account.Store.Find("price", item["price"]!.GetValue<string>());
            if (price is null || price["recurring"]?["usage_type"]?.GetValue<string>() == "metered")
            {
                continue;
            }

            var quantity = item["quantity"]?.GetValue<long>() ?? 1;
            var amount = trialing ? 0 : PriceMath.Amount(price, quantity, currency);
            var line = Line(invoice, subscriptionId, item, price, quantity, amount, periodStart, periodEnd);
            line["description"] = Describe(account, price, quantity, currency);
            lines.Add(line);
        }

        invoice[Lines] = lines;
        invoice["period_start"] = periodStart;
        invoice["period_end"] = periodEnd;
        invoice[DiscountAmount] = DiscountFor(account, subscription, lines, currency, reason, periodStart);
        account.Store.Add(invoice);
        foreach (var pending in account.Store.NewestFirst("invoiceitem", "customer", customer["id"]!.GetValue<string>()).Where(i =>
                     i["invoice"] is null
                     && i["currency"]!.GetValue<string>() == currency))
        {
            pending["invoice"] = invoice["id"]!.DeepClone();
        }

        InvoiceApi.FinalizeNow(account, invoice, periodStart);
        subscription["latest_invoice"] = invoice["id"]!.DeepClone();
        subscription[InvoicedUntil] = periodStart;
    }

    /// <summary>Stripe's line wording: "2 × Seat (at 10.00 usd / month)".</summary>
    private static string Describe(StripeAccount account, JsonObject price, long quantity, string currency)
    {
        var productId = price["product"]!.GetValue<string>();
        var name = account.Store.Find("product", productId)?["name"]?.GetValue<string>() ?? productId;
        var unit = price["unit_amount_decimal"]?.GetValue<string>() is { } minor
            ? (decimal.Parse(minor, CultureInfo.InvariantCulture) / (Currencies.IsZeroDecimal(currency) ? 1 : 100))
                .ToString("0.00##", CultureInfo.InvariantCulture)
            : "tiered";
        return $"{quantity} × {name} (at {unit} {currency} / {price["recurring"]!["interval"]})";
    }

    private static JsonObject Line(
        JsonObject invoice, string subscriptionId, JsonObject item, JsonObject price, long quantity, long amount, long start, long end)
        => new()
    {
        ["id"] = StripeIds.New("il_", 24),
        ["object"] = "line_item",
        ["amount"] = amount,
        ["currency"] = invoice["currency"]!.DeepClone(),
        ["description"] = null,
        ["discount_amounts"] = new JsonArray(),
        ["discountable"] = true,
        ["discounts"] = new JsonArray(),
        ["invoice"] = invoice["id"]!.DeepClone(),
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["parent"] = new JsonObject
        {
            ["invoice_item_details"] = null,
            ["subscription_item_details"] = new JsonObject
            {
                ["invoice_item"] = null,
                ["proration"] = false,
                ["proration_details"] = new JsonObject { ["credited_items"] = null },
                ["subscription"] = subscriptionId,
                ["subscription_item"] = item["id"]!.DeepClone(),
            },
            ["type"] = "subscription_item_details",
        },
        ["period"] = new JsonObject { ["end"] = end, ["start"] = start },
        ["pretax_credit_amounts"] = new JsonArray(),
        ["pricing"] = new JsonObject
        {
            ["price_details"] = new JsonObject { ["price"] = price["id"]!.DeepClone(), ["product"] = price["product"]!.DeepClone() },
            ["type"] = "price_details",
            ["unit_amount_decimal"] = price["unit_amount_decimal"]?.DeepClone(),
        },
        ["quantity"] = quantity,
        ["quantity_decimal"] = quantity.ToString(CultureInfo.InvariantCulture),
        ["subscription"] = subscriptionId,
        ["subtotal"] = amount,
        ["taxes"] = new JsonArray(),
    };

    /// <summary>
    /// The subscription's coupons on this invoice: <c>once</c> on the first invoice only, <c>repeating</c> for
    /// <c>duration_in_months</c> from the subscription's start, <c>forever</c> always; never more than the subtotal.
    /// </summary>
    private static long DiscountFor(
        StripeAccount account, JsonObject subscription, JsonArray lines, string currency, string reason, long periodStart)
    {
        var subtotal = lines.Sum(line => line!["amount"]!.GetValue<long>());
        decimal discount = 0;
        var start = subscription["start_date"]!.GetValue<long>();
        foreach (var couponId in subscription["discounts"]!.AsArray().Select(d => d!["coupon"]?.GetValue<string>()).OfType<string>())
        {
            var coupon = account.Store.Find("coupon", couponId);
            var duration = coupon?["duration"]?.GetValue<string>();
            var applies = duration switch
            {
                "once" => reason == "subscription_create",
                "repeating" => periodStart < Periods.Add(start, "month", coupon!["duration_in_months"]!.GetValue<long>()),
                "forever" => true,
                _ => false,
            };
            if (!applies)
            {
                continue;
            }

            discount += coupon!["percent_off"] is { } percent
                ? subtotal * (decimal)percent.GetValue<double>() / 100
                : (coupon["currency"]?.GetValue<string>() == currency
                    ? coupon["amount_off"]!.GetValue<long>()
                    : coupon["_currency_options"]?[currency]?["amount_off"]?.GetValue<long>() ?? 0);
        }

        return Math.Min(subtotal, (long)decimal.Round(discount, MidpointRounding.AwayFromZero));
    }
}
