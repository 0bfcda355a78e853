using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe;

/// <summary>
/// The emulated Stripe account: its objects, its clock, and how stored objects are shown (objects that embed others,
/// such as a subscription's items with their prices, are assembled when read so they are never stale).
/// </summary>
internal sealed class StripeAccount(StripeStore store, TimeProvider time)
{
    private readonly List<Action<long>> _advancers = [];

    public StripeStore Store { get; } = store;

    public TimeProvider Time { get; } = time;

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Registers work that moves objects along with time (schedules entering phases, subscriptions ending).</summary>
    public void OnAdvance(Action<long> advance) => _advancers.Add(advance);

    /// <summary>Brings time-driven objects up to <paramref name="now"/>; runs before every request, under the store lock.</summary>
    public void Advance(long now)
    {
        foreach (var advance in _advancers)
        {
            advance(now);
        }
    }

    /// <summary>The JSON a client sees for a stored object.</summary>
    public JsonObject Render(JsonObject stored)
    {
        var shown = stored.DeepClone().AsObject();
        switch (shown["object"]?.GetValue<string>())
        {
            case "subscription":
                shown["items"] = SubscriptionItemList(shown["id"]!.GetValue<string>());
                break;
            case "subscription_item":
                EmbedPrice(shown);
                break;
            case "invoice":
                shown["lines"] = InvoiceLines(shown);
                break;
        }

        return shown;
    }

    /// <summary>What <c>expand[]</c> puts in place of an id.</summary>
    public JsonObject? Resolve(string id) => Store.FindAny(id) is { } stored ? Render(stored) : null;

    public JsonObject SubscriptionItemList(string subscriptionId)
    {
        var items = Store.NewestFirst("subscription_item")
            .Where(item => item["subscription"]?.GetValue<string>() == subscriptionId)
            .Reverse()
            .Select(Render)
            .ToList();
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. items]),
            ["has_more"] = false,
            ["url"] = $"/v1/subscription_items?subscription={subscriptionId}",
        };
    }

    private void EmbedPrice(JsonObject item)
    {
        if (item["price"] is JsonValue priceId && Store.Find("price", priceId.GetValue<string>()) is { } price)
        {
            item["price"] = Render(price);
            item["plan"] = Resources.PriceApi.AsPlan(price);
        }
    }

    private JsonObject InvoiceLines(JsonObject invoice)
    {
        var id = invoice["id"]!.GetValue<string>();
        var lines = Resources.InvoiceApi.LineItems(this, id);
        var subtotal = lines.Sum(line => line["amount"]!.GetValue<long>());
        var discount = Resources.SubscriptionInvoices.Discount(invoice);
        var total = subtotal - discount;
        var status = invoice["status"]!.GetValue<string>();
        invoice["subtotal"] = subtotal;
        invoice["subtotal_excluding_tax"] = subtotal;
        invoice["total_discount_amounts"] = discount == 0
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["amount"] = discount, ["discount"] = "di_" + id["in_".Length..] });
        invoice["total"] = total;
        invoice["total_excluding_tax"] = total;
        invoice["amount_due"] = status == "void" ? 0 : total;
        invoice["amount_paid"] = status == "paid" ? total : 0;
        invoice["amount_remaining"] = status is "paid" or "void" ? 0 : total;
        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. lines]),
            ["has_more"] = false,
            ["url"] = $"/v1/invoices/{id}/lines",
        };
    }
}
