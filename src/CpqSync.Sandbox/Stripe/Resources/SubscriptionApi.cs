using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary><c>/v1/subscriptions</c>: the subscriptions schedules create; retrieve, list, search, update and cancel.</summary>
internal static class SubscriptionApi
{
    /// <summary>Stripe's query fields for subscriptions (besides <c>metadata</c>).</summary>
    private static readonly HashSet<string> SearchFields = new(StringComparer.Ordinal) { "created", "status" };

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/subscriptions", Create);
        router.Get("/v1/subscriptions", List);
        router.Get("/v1/subscriptions/search", Search);
        router.Get("/v1/subscriptions/{id}", Retrieve);
        router.Post("/v1/subscriptions/{id}", Update);
        router.Delete("/v1/subscriptions/{id}", Cancel);
    }

    public static JsonObject Find(StripeAccount account, string id, string param = "id") =>
        account.Store.Get("subscription", id, "subscription", param);

    /// <summary>
    /// A subscription without a schedule: like a schedule's single open-ended phase, optionally backdated
    /// (<c>backdate_start_date</c>) or with a trial (<c>trial_end</c> or <c>trial_period_days</c>).
    /// </summary>
    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("add_invoice_items", "application_fee_percent", "automatic_tax", "backdate_start_date",
            "billing_cycle_anchor", "billing_cycle_anchor_config", "billing_mode", "billing_schedules", "billing_thresholds", "cancel_at",
            "cancel_at_period_end", "collection_method", "currency", "customer", "customer_account", "days_until_due",
            "default_payment_method", "default_source", "default_tax_rates", "description", "discounts", "invoice_settings", "items",
            "metadata", "off_session", "on_behalf_of", "payment_behavior", "payment_settings", "pending_invoice_item_interval",
            "proration_behavior", "transfer_data", "trial_end", "trial_from_plan", "trial_period_days", "trial_settings");
        var customerId = p.Required("customer");
        var customer = CustomerApi.Live(request.Account, customerId, "customer");
        var now = Subscriptions.NowFor(request.Account, customerId);
        var start = p.Timestamp("backdate_start_date") ?? now;
        if (start > now)
        {
            throw StripeErrorException.Invalid("`backdate_start_date` must be in the past.", "backdate_start_date");
        }

        var anchor = p.Timestamp("billing_cycle_anchor");
        var trialEnd = p.String("trial_end") == "now" ? now : p.Timestamp("trial_end");
        var trialDays = p.NonNegativeLong("trial_period_days");
        var cancelAt = p.Timestamp("cancel_at");
        var cancelAtPeriodEnd = p.Bool("cancel_at_period_end") ?? false;
        var billingMode = p.Hash("billing_mode")?.Allow("flexible", "type").Enum("type", "classic", "flexible") ?? "classic";
        _ = p.Enum("payment_behavior", "allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete");
        if (!p.Has("items"))
        {
            throw StripeErrorException.Missing("items");
        }

        foreach (var handled in new[] { "backdate_start_date", "billing_cycle_anchor", "trial_end", "trial_period_days", "cancel_at",
                     "cancel_at_period_end", "billing_mode", "payment_behavior" })
        {
            p.Remove(handled);
        }

        var parser = new PhaseParser(request, customer, billingMode == "flexible", existingPhases: null);
        var phase = parser.ParseSubscription(p, start);
        phase["trial_end"] = trialEnd ?? (trialDays is { } days ? start + (days * 86_400) : null);
        var owner = new JsonObject
        {
            ["id"] = null,
            ["customer"] = customerId,
            ["billing_mode"] = new JsonObject { ["flexible"] = null, ["type"] = billingMode },
        };
        if (anchor is not null)
        {
            phase["billing_cycle_anchor"] = null;
        }

        var subscription = Subscriptions.Start(request.Account, owner, phase, now);
        if (anchor is not null)
        {
            subscription["billing_cycle_anchor"] = anchor;
            Subscriptions.RefreshPeriods(request.Account, subscription, now);
        }

        subscription["cancel_at_period_end"] = cancelAtPeriodEnd;
        subscription["cancel_at"] = cancelAtPeriodEnd ? PeriodEnd(request.Account, subscription) : cancelAt;
        return request.Account.Render(subscription);
    }

    private static JsonObject Search(StripeRequest request) => Listing.Search(request, "subscription", SearchFields, _ => true);

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(Find(request.Account, request.Route()));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("add_invoice_items", "application_fee_percent", "automatic_tax", "billing_cycle_anchor",
            "billing_thresholds", "cancel_at", "cancel_at_period_end", "cancellation_details", "collection_method", "days_until_due",
            "default_payment_method", "default_source", "default_tax_rates", "description", "discounts", "invoice_settings", "items",
            "metadata", "off_session", "on_behalf_of", "pause_collection", "payment_behavior", "payment_settings",
            "pending_invoice_item_interval", "proration_behavior", "proration_date", "transfer_data", "trial_end", "trial_from_plan",
            "trial_settings");
        var subscription = Find(request.Account, request.Route());
        var now = Subscriptions.NowFor(request.Account, subscription["customer"]!.GetValue<string>());
        if (subscription["status"]!.GetValue<string>() == "canceled")
        {
            if (p.Keys.Any(k => k is not ("metadata" or "cancellation_details")))
            {
                throw StripeErrorException.Invalid(
                    "A canceled subscription can only update its cancellation_details and metadata.", p.Keys.First());
            }
        }

        _ = p.Enum("proration_behavior", "always_invoice", "create_prorations", "none");
        CustomerApi.SetNullable(p, subscription, "description");
        if (p.Bool("cancel_at_period_end") is { } atPeriodEnd)
        {
            subscription["cancel_at_period_end"] = atPeriodEnd;
            subscription["cancel_at"] = atPeriodEnd ? PeriodEnd(request.Account, subscription) : null;
        }

        if (p.String("cancel_at") is { Length: 0 })
        {
            subscription["cancel_at"] = null;
        }
        else if (p.Timestamp("cancel_at") is { } cancelAt)
        {
            subscription["cancel_at"] = cancelAt;
        }

        if (p.Hashes("items", PhaseParser.MaxItems) is { } items)
        {
            UpdateItems(request.Account, subscription, items, now);
        }

        if (p.Hashes("discounts") is { } discounts)
        {
            var result = new JsonArray();
            foreach (var discount in discounts)
            {
                discount.Allow("coupon", "discount", "promotion_code");
                var param = discount.ChildPath("coupon");
                var coupon = CouponApi.Find(request.Account, discount.Required("coupon"), param);
                CouponApi.CheckUsable(coupon, subscription["currency"]!.GetValue<string>(), param, now);
                result.Add(new JsonObject { ["coupon"] = coupon["id"]!.DeepClone(), ["discount"] = null, ["promotion_code"] = null });
            }

            subscription["discounts"] = result;
        }

        if (p.String("trial_end") is { } trialEnd)
        {
            var end = trialEnd == "now" ? now : p.Timestamp("trial_end")!.Value;
            subscription["trial_end"] = end;
            subscription["trial_start"] ??= now;
            subscription["billing_cycle_anchor"] = end;
        }

        subscription["metadata"] = Metadata.Apply(p, subscription["metadata"] as JsonObject);
        Subscriptions.RefreshPeriods(request.Account, subscription, now);
        return request.Account.Render(subscription);
    }

    /// <summary><c>items[n]</c>: an <c>id</c> to change or (with <c>deleted</c>) remove an item; a <c>price</c> alone adds one.</summary>
    private static void UpdateItems(StripeAccount account, JsonObject subscription, IReadOnlyList<ParamHash> items, long now)
    {
        var subscriptionId = subscription["id"]!.GetValue<string>();
        var currency = subscription["currency"]!.GetValue<string>();
        foreach (var item in items)
        {
            item.Allow("billing_thresholds", "clear_usage", "deleted", "discounts", "id", "metadata", "plan", "price", "price_data",
                "quantity", "tax_rates");
            var quantity = item.NonNegativeLong("quantity");
            var priceId = item.NonEmpty("price") ?? item.NonEmpty("plan");
            JsonObject? price = null;
            if (priceId is not null)
            {
                price = SubscriptionItemApi.UsablePrice(account, priceId, currency, item.ChildPath("price"));
            }

            if (item.NonEmpty("id") is { } id)
            {
                var existing = account.Store.Get("subscription_item", id, "subscription item", item.ChildPath("id"));
                if (existing["subscription"]!.GetValue<string>() != subscriptionId)
                {
                    throw StripeErrorException.Invalid(
                        $"The subscription item `{id}` does not belong to this subscription.", item.ChildPath("id"));
                }

                if (item.Bool("deleted") is true)
                {
                    account.Store.Remove("subscription_item", id);
                    continue;
                }

                if (price is not null)
                {
                    existing["price"] = price["id"]!.DeepClone();
                }

                if (quantity is not null)
                {
                    existing["quantity"] = quantity;
                }

                existing["metadata"] = Metadata.Apply(item, existing["metadata"] as JsonObject);
                continue;
            }

            if (price is null)
            {
                throw StripeErrorException.Missing(item.ChildPath("price"));
            }

            Subscriptions.AddItem(account, subscription, price["id"]!.GetValue<string>(), quantity ?? 1, Metadata.Apply(item, null), now);
        }

        var remaining = Subscriptions.Items(account, subscriptionId);
        Subscriptions.CheckOneInterval(account, subscription, "items");
        if (remaining.Count == 0)
        {
            throw StripeErrorException.Invalid("A subscription must have at least one active item.", "items");
        }
    }

    private static long? PeriodEnd(StripeAccount account, JsonObject subscription) =>
        Subscriptions.Items(account, subscription["id"]!.GetValue<string>())
            .Select(i => i["current_period_end"]!.GetValue<long>())
            .DefaultIfEmpty()
            .Max();

    private static JsonObject Cancel(StripeRequest request)
    {
        var p = request.Params.Allow("cancellation_details", "invoice_now", "prorate");
        _ = p.Bool("invoice_now");
        _ = p.Bool("prorate");
        var subscription = Find(request.Account, request.Route());
        if (subscription["status"]!.GetValue<string>() == "canceled")
        {
            throw StripeErrorException.Invalid(
                $"No such subscription: '{subscription["id"]}'; it has already been canceled.", "id", "resource_missing");
        }

        var now = Subscriptions.NowFor(request.Account, subscription["customer"]!.GetValue<string>());
        Subscriptions.Cancel(request.Account, subscription, now, "cancellation_requested");
        if (p.Hash("cancellation_details") is { } details)
        {
            details.Allow("comment", "feedback");
            subscription["cancellation_details"]!["comment"] = details.NonEmpty("comment");
            subscription["cancellation_details"]!["feedback"] = details.Enum("feedback", "customer_service", "low_quality",
                "missing_features", "other", "switched_service", "too_complex", "too_expensive", "unused");
        }

        return request.Account.Render(subscription);
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "automatic_tax", "collection_method", "created",
            "current_period_end", "current_period_start", "customer", "customer_account", "plan", "price", "status", "test_clock"]);
        var customer = p.NonEmpty("customer");
        var price = p.NonEmpty("price") ?? p.NonEmpty("plan");
        var status = p.Enum("status", "active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused",
            "trialing", "unpaid");
        var clock = p.NonEmpty("test_clock");
        var method = p.Enum("collection_method", "charge_automatically", "send_invoice");
        var created = Listing.Created(p);
        return Listing.List(request, "subscription", "subscription", s =>
            (customer is null || s["customer"]!.GetValue<string>() == customer)
            && (price is null || Subscriptions.Items(request.Account, s["id"]!.GetValue<string>())
                .Any(i => i["price"]!.GetValue<string>() == price))
            && StatusMatches(s["status"]!.GetValue<string>(), status)
            && (clock is null || s["test_clock"]?.GetValue<string>() == clock)
            && (method is null || s["collection_method"]!.GetValue<string>() == method)
            && created(s), "/v1/subscriptions", ("customer", customer));
    }

    /// <summary>Without a status filter, lists leave out canceled subscriptions, as Stripe's do.</summary>
    private static bool StatusMatches(string actual, string? wanted) => wanted switch
    {
        null => actual != "canceled",
        "all" => true,
        "ended" => actual is "canceled" or "incomplete_expired",
        _ => actual == wanted,
    };
}
