using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary><c>/v1/subscription_items</c>: list (by subscription), create, retrieve, update, delete.</summary>
internal static class SubscriptionItemApi
{
    private const string Noun = "subscription item";

    public static void Map(StripeRouter router)
    {
        router.Get("/v1/subscription_items", List);
        router.Post("/v1/subscription_items", Create);
        router.Get("/v1/subscription_items/{id}", Retrieve);
        router.Post("/v1/subscription_items/{id}", Update);
        router.Delete("/v1/subscription_items/{id}", Delete);
    }

    /// <summary>An active recurring price in the subscription's currency.</summary>
    public static JsonObject UsablePrice(StripeAccount account, string priceId, string currency, string param)
    {
        var price = account.Store.Get("price", priceId, "price", param);
        if (price["type"]!.GetValue<string>() != "recurring")
        {
            throw StripeErrorException.Invalid(
                "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", param);
        }

        if (!price["active"]!.GetValue<bool>())
        {
            throw StripeErrorException.Invalid("The price specified is inactive. This field only accepts active prices.", param);
        }

        if (!PriceApi.Supports(price, currency))
        {
            throw StripeErrorException.Invalid(
                $"The price specified only supports `{price["currency"]}`. This doesn't match the expected currency: `{currency}`.", param);
        }

        return price;
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "subscription"]);
        var subscription = p.Required("subscription");
        SubscriptionApi.Find(request.Account, subscription, "subscription");
        return Listing.List(request, "subscription_item", Noun, i => i["subscription"]!.GetValue<string>() == subscription,
            $"/v1/subscription_items", ("subscription", subscription));
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("billing_thresholds", "current_trial", "discounts", "metadata", "payment_behavior", "plan", "price",
            "price_data", "proration_behavior", "proration_date", "quantity", "subscription", "tax_rates");
        var subscription = SubscriptionApi.Find(request.Account, p.Required("subscription"), "subscription");
        var priceId = p.NonEmpty("price") ?? p.NonEmpty("plan") ?? throw StripeErrorException.Missing("price");
        var price = UsablePrice(request.Account, priceId, subscription["currency"]!.GetValue<string>(), "price");
        var subscriptionId = subscription["id"]!.GetValue<string>();
        if (Subscriptions.Items(request.Account, subscriptionId).Any(i => i["price"]!.GetValue<string>() == priceId))
        {
            throw StripeErrorException.Invalid(
                $"Cannot add multiple subscription items with the same price: {priceId}. Update the quantity instead.", "price");
        }

        _ = p.Enum("proration_behavior", "always_invoice", "create_prorations", "none");
        var now = Subscriptions.NowFor(request.Account, subscription["customer"]!.GetValue<string>());
        var item = Subscriptions.AddItem(request.Account, subscription, price["id"]!.GetValue<string>(),
            p.NonNegativeLong("quantity") ?? 1, Metadata.Apply(p, null), now);
        Subscriptions.CheckOneInterval(request.Account, subscription, "price");
        Subscriptions.RefreshPeriods(request.Account, subscription, now);
        return request.Account.Render(item);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("subscription_item", request.Route(), Noun));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("billing_thresholds", "current_trial", "discounts", "metadata", "off_session", "payment_behavior",
            "plan", "price", "price_data", "proration_behavior", "proration_date", "quantity", "tax_rates");
        var item = request.Account.Store.Get("subscription_item", request.Route(), Noun);
        var subscription = SubscriptionApi.Find(request.Account, item["subscription"]!.GetValue<string>());
        if ((p.NonEmpty("price") ?? p.NonEmpty("plan")) is { } priceId)
        {
            item["price"] = UsablePrice(request.Account, priceId, subscription["currency"]!.GetValue<string>(), "price")["id"]!.DeepClone();
        }

        if (p.NonNegativeLong("quantity") is { } quantity)
        {
            item["quantity"] = quantity;
        }

        Subscriptions.CheckOneInterval(request.Account, subscription, "price");

        _ = p.Enum("proration_behavior", "always_invoice", "create_prorations", "none");
        item["metadata"] = Metadata.Apply(p, item["metadata"] as JsonObject);
        return request.Account.Render(item);
    }

    private static JsonObject Delete(StripeRequest request)
    {
        request.Params.Allow("clear_usage", "payment_behavior", "proration_behavior", "proration_date");
        var item = request.Account.Store.Get("subscription_item", request.Route(), Noun);
        var id = item["id"]!.GetValue<string>();
        if (Subscriptions.Items(request.Account, item["subscription"]!.GetValue<string>()).Count == 1)
        {
            throw StripeErrorException.Invalid(
                "A subscription must have at least one active item. Cancel the subscription instead of deleting its last item.", "id");
        }

        request.Account.Store.Remove("subscription_item", id);
        return new JsonObject { ["id"] = id, ["object"] = "subscription_item", ["deleted"] = true };
    }
}
