using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe;

/// <summary>
/// The emulated Stripe account: its objects, its clock, and how stored objects are shown (objects that embed others,
/// such as a subscription's items with their prices, are assembled when read so they are never stale).
/// </summary>
internal sealed class StripeAccount
{
    public StripeAccount(StripeStore store, TimeProvider time)
    {
        Store = store;
        Time = time;
        // What a data directory held is brought up to date by the first request, as it always was.
        Agenda.Touched([.. store.NewestFirst("subscription_schedule"), .. store.NewestFirst("subscription")], store);
    }

    public StripeStore Store { get; }

    /// <summary>
    /// Held shared by every request while it runs on per-object locks; held exclusively by what must run alone (time
    /// moving objects along, test clocks, an account kept on disk, a request that keeps colliding with others).
    /// </summary>
    public ReaderWriterLockSlim Gate { get; } = new(LockRecursionPolicy.NoRecursion);

    /// <summary>
    /// For tests: called inside every write (method, path, form body) after its handler ran and before it commits, while it
    /// holds the locks of the objects it touched.
    /// </summary>
    public Action<string, string, string>? WriteHook { get; set; }

    public TimeProvider Time { get; }

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>What time changes next (schedules entering phases, subscriptions renewing or ending).</summary>
    public Resources.TimeAgenda Agenda { get; } = new();

    /// <summary>Whether time has something to move before the next request; cheap, thread-safe.</summary>
    public bool NeedsAdvance => Agenda.IsDue(Now);

    /// <summary>Brings time-driven objects up to now; runs before a request when <see cref="NeedsAdvance"/>, holding <see cref="Gate"/> exclusively.</summary>
    public void Advance() => Resources.ScheduleEngine.AdvanceDue(this);

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
        var items = Store.NewestFirst("subscription_item", "subscription", subscriptionId)
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
