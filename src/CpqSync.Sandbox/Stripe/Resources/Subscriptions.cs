using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>Creates and changes subscriptions and their items, shared by schedules and the subscription endpoints.</summary>
internal static class Subscriptions
{
    /// <summary>Emulated now for a customer: its test clock's frozen time, or the account's clock.</summary>
    public static long NowFor(StripeAccount account, string customerId)
    {
        var clockId = account.Store.Find("customer", customerId)?["test_clock"]?.GetValue<string>();
        return clockId is not null && account.Store.Find("test_helpers.test_clock", clockId) is { } clock
            ? clock["frozen_time"]!.GetValue<long>()
            : account.Now;
    }

    /// <summary>A subscription starting a schedule's phase.</summary>
    public static JsonObject Start(StripeAccount account, JsonObject schedule, JsonObject phase, long now)
    {
        var customerId = schedule["customer"]!.GetValue<string>();
        var customer = account.Store.Get("customer", customerId, "customer", "customer");
        var start = phase["start_date"]!.GetValue<long>();
        var currency = phase["currency"]!.GetValue<string>();
        customer["currency"] ??= currency;
        var subscription = new JsonObject
        {
            ["id"] = StripeIds.Long("sub_"),
            ["object"] = "subscription",
            ["application"] = null,
            ["application_fee_percent"] = null,
            ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
            ["billing_cycle_anchor"] = start,
            ["billing_cycle_anchor_config"] = null,
            ["billing_mode"] = schedule["billing_mode"]!.DeepClone(),
            ["billing_thresholds"] = null,
            ["cancel_at"] = null,
            ["cancel_at_period_end"] = false,
            ["canceled_at"] = null,
            ["cancellation_details"] = new JsonObject { ["comment"] = null, ["feedback"] = null, ["reason"] = null },
            ["collection_method"] = phase["collection_method"]?.DeepClone() ?? "charge_automatically",
            ["created"] = now,
            ["currency"] = currency,
            ["customer"] = customerId,
            ["customer_account"] = null,
            ["days_until_due"] = null,
            ["default_payment_method"] = null,
            ["default_source"] = null,
            ["default_tax_rates"] = new JsonArray(),
            ["description"] = phase["description"]?.DeepClone(),
            ["discounts"] = new JsonArray(),
            ["ended_at"] = null,
            ["invoice_settings"] = new JsonObject
            {
                ["account_tax_ids"] = null,
                ["custom_fields"] = null,
                ["description"] = null,
                ["footer"] = null,
                ["issuer"] = new JsonObject { ["type"] = "self" },
            },
            ["latest_invoice"] = null,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["next_pending_invoice_item_invoice"] = null,
            ["on_behalf_of"] = null,
            ["pause_collection"] = null,
            ["payment_settings"] = new JsonObject
            {
                ["payment_method_options"] = null,
                ["payment_method_types"] = null,
                ["save_default_payment_method"] = "off",
            },
            ["pending_invoice_item_interval"] = null,
            ["pending_setup_intent"] = null,
            ["pending_update"] = null,
            ["schedule"] = schedule["id"]?.DeepClone(),
            ["start_date"] = start,
            ["status"] = "active",
            ["test_clock"] = customer["test_clock"]?.DeepClone(),
            ["transfer_data"] = null,
            ["trial_end"] = null,
            ["trial_settings"] = new JsonObject
            {
                ["end_behavior"] = new JsonObject { ["missing_payment_method"] = "create_invoice" },
            },
            ["trial_start"] = null,
        };
        account.Store.Add(subscription);
        ApplyPhase(account, subscription, phase, now);
        return subscription;
    }

    /// <summary>Makes the subscription bill what <paramref name="phase"/> says: its items, discounts, trial and metadata.</summary>
    public static void ApplyPhase(StripeAccount account, JsonObject subscription, JsonObject phase, long now)
    {
        var subscriptionId = subscription["id"]!.GetValue<string>();
        var current = Items(account, subscriptionId);
        var wanted = phase["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        foreach (var item in current.Where(item => wanted.All(w => w["price"]!.GetValue<string>() != item["price"]!.GetValue<string>())))
        {
            account.Store.Remove("subscription_item", item["id"]!.GetValue<string>());
        }

        foreach (var want in wanted)
        {
            var existing = current.FirstOrDefault(item => item["price"]!.GetValue<string>() == want["price"]!.GetValue<string>());
            if (existing is not null)
            {
                existing["quantity"] = want["quantity"]?.DeepClone();
                existing["metadata"] = want["metadata"]!.DeepClone();
                existing["discounts"] = want["discounts"]!.DeepClone();
                continue;
            }

            AddItem(account, subscription, want["price"]!.GetValue<string>(), want["quantity"]?.GetValue<long>(),
                want["metadata"]!.AsObject(), now);
        }

        AddInvoiceItems(account, subscription, phase, now);
        subscription["discounts"] = phase["discounts"]!.DeepClone();
        if (phase["metadata"] is JsonObject { Count: > 0 } metadata)
        {
            subscription["metadata"] = metadata.DeepClone();
        }

        if (phase["billing_cycle_anchor"]?.GetValue<string>() == "phase_start")
        {
            subscription["billing_cycle_anchor"] = phase["start_date"]!.DeepClone();
        }

        var trialEnd = phase["trial_end"]?.GetValue<long>();
        subscription["trial_start"] = trialEnd is null ? null : phase["start_date"]!.DeepClone();
        subscription["trial_end"] = trialEnd;
        if (trialEnd is not null)
        {
            subscription["billing_cycle_anchor"] = trialEnd;
        }

        RefreshPeriods(account, subscription, now);
    }

    /// <summary>A phase's <c>add_invoice_items</c> become pending invoice items for the next invoice, once per phase.</summary>
    private static void AddInvoiceItems(StripeAccount account, JsonObject subscription, JsonObject phase, long now)
    {
        var tag = $"{subscription["id"]}:{phase["start_date"]}";
        if (account.Store.NewestFirst("invoiceitem", "_phase", tag).Any())
        {
            return;
        }

        var customer = account.Store.Get("customer", subscription["customer"]!.GetValue<string>(), "customer", "customer");
        foreach (var add in phase["add_invoice_items"]!.AsArray().Select(a => a!.AsObject()))
        {
            var price = account.Store.Get("price", add["price"]!.GetValue<string>(), "price", "price");
            var quantity = add["quantity"]!.GetValue<long>();
            var currency = subscription["currency"]!.GetValue<string>();
            var amount = PriceMath.Amount(price, quantity, currency);
            account.Store.Add(new JsonObject
            {
                ["id"] = StripeIds.Long("ii_"),
                ["object"] = "invoiceitem",
                ["amount"] = amount,
                ["currency"] = currency,
                ["customer"] = customer["id"]!.DeepClone(),
                ["date"] = now,
                ["description"] = null,
                ["discountable"] = true,
                ["discounts"] = new JsonArray(),
                ["invoice"] = null,
                ["livemode"] = false,
                ["metadata"] = add["metadata"]!.DeepClone(),
                ["net_amount"] = amount,
                ["parent"] = new JsonObject
                {
                    ["subscription_details"] = new JsonObject
                    {
                        ["subscription"] = subscription["id"]!.DeepClone(),
                        ["subscription_item"] = null,
                    },
                    ["type"] = "subscription_details",
                },
                // A fixed period (type timestamp) is the item's own; otherwise the item is dated now.
                ["period"] = new JsonObject
                {
                    ["end"] = add["period"]?["end"]?["timestamp"]?.GetValue<long>() ?? now,
                    ["start"] = add["period"]?["start"]?["timestamp"]?.GetValue<long>() ?? now,
                },
                ["pricing"] = new JsonObject
                {
                    ["price_details"] = new JsonObject
                    {
                        ["price"] = price["id"]!.DeepClone(),
                        ["product"] = price["product"]!.DeepClone(),
                    },
                    ["type"] = "price_details",
                    ["unit_amount_decimal"] = price["unit_amount_decimal"]?.DeepClone(),
                },
                ["proration"] = false,
                ["quantity"] = quantity,
                ["quantity_decimal"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tax_rates"] = new JsonArray(),
                ["test_clock"] = customer["test_clock"]?.DeepClone(),
                ["_phase"] = tag,
            });
        }
    }

    public static JsonObject AddItem(
        StripeAccount account, JsonObject subscription, string priceId, long? quantity, JsonObject metadata, long now)
    {
        var item = new JsonObject
        {
            ["id"] = StripeIds.New("si_"),
            ["object"] = "subscription_item",
            ["billing_thresholds"] = null,
            ["created"] = now,
            ["current_period_end"] = now,
            ["current_period_start"] = now,
            ["discounts"] = new JsonArray(),
            ["metadata"] = metadata.DeepClone(),
            ["price"] = priceId,
            ["quantity"] = quantity,
            ["subscription"] = subscription["id"]!.DeepClone(),
            ["tax_rates"] = new JsonArray(),
        };
        account.Store.Add(item);
        return item;
    }

    /// <summary>
    /// In classic billing mode all of a subscription's prices bill on one interval; called after a change, whose
    /// failure the request's rollback undoes.
    /// </summary>
    public static void CheckOneInterval(StripeAccount account, JsonObject subscription, string param)
    {
        var intervals = Items(account, subscription["id"]!.GetValue<string>())
            .Select(i => account.Store.Find("price", i["price"]!.GetValue<string>())?["recurring"])
            .Select(r => $"{r?["interval_count"]} {r?["interval"]}")
            .Distinct()
            .Count();
        if (intervals > 1 && subscription["billing_mode"]?["type"]?.GetValue<string>() != "flexible")
        {
            throw Http.StripeErrorException.Invalid(
                "Currently all prices on a subscription must have the same `recurring.interval` and `recurring.interval_count` " +
                "(use billing_mode[type]=flexible for mixed intervals).", param);
        }
    }

    public static List<JsonObject> Items(StripeAccount account, string subscriptionId) =>
        [.. account.Store.NewestFirst("subscription_item", "subscription", subscriptionId).Reverse()];

    /// <summary>Status and billing periods at <paramref name="now"/>: trialing until the trial ends, periods from the anchor.</summary>
    public static void RefreshPeriods(StripeAccount account, JsonObject subscription, long now)
    {
        if (subscription["status"]!.GetValue<string>() is "canceled" or "incomplete_expired")
        {
            return;
        }

        var trialEnd = subscription["trial_end"]?.GetValue<long>();
        subscription["status"] = trialEnd > now ? "trialing" : "active";
        var anchor = subscription["billing_cycle_anchor"]!.GetValue<long>();
        foreach (var item in Items(account, subscription["id"]!.GetValue<string>()))
        {
            var recurring = account.Store.Find("price", item["price"]!.GetValue<string>())?["recurring"];
            if (recurring is null)
            {
                continue;
            }

            var (start, end) = trialEnd > now
                ? (subscription["trial_start"]!.GetValue<long>(), trialEnd.Value)
                : Periods.Current(anchor, recurring["interval"]!.GetValue<string>(), recurring["interval_count"]!.GetValue<long>(),
                    Math.Max(now, anchor));
            item["current_period_start"] = start;
            item["current_period_end"] = end;
        }

        SubscriptionInvoices.CatchUp(account, subscription);
    }

    /// <summary>Ends a subscription now (canceled directly, by its schedule, or with its customer).</summary>
    public static void Cancel(StripeAccount account, JsonObject subscription, long now, string reason)
    {
        if (subscription["status"]!.GetValue<string>() == "canceled")
        {
            return;
        }

        subscription["status"] = "canceled";
        subscription["canceled_at"] = now;
        subscription["ended_at"] = now;
        subscription["cancellation_details"]!["reason"] = reason;
        if (subscription["schedule"]?.GetValue<string>() is { } scheduleId
            && account.Store.Find("subscription_schedule", scheduleId) is { } schedule
            && schedule["status"]!.GetValue<string>() is "active" or "not_started")
        {
            schedule["status"] = "canceled";
            schedule["canceled_at"] = now;
            schedule["current_phase"] = null;
        }
    }
}
