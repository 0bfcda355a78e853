using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/subscription_schedules</c>: create from a customer and phases (optionally backdated) or
/// <c>from_subscription</c>; update phases; cancel; release; list.
/// </summary>
internal static class SubscriptionScheduleApi
{
    private const string Noun = "subscription schedule";

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/subscription_schedules", Create);
        router.Get("/v1/subscription_schedules", List);
        router.Get("/v1/subscription_schedules/{id}", Retrieve);
        router.Post("/v1/subscription_schedules/{id}", Update);
        router.Post("/v1/subscription_schedules/{id}/cancel", Cancel);
        router.Post("/v1/subscription_schedules/{id}/release", Release);
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("billing_mode", "customer", "customer_account", "default_settings", "end_behavior",
            "from_subscription", "metadata", "phases", "start_date");
        if (p.NonEmpty("from_subscription") is { } from)
        {
            return FromSubscription(request, p, from);
        }

        var customerId = p.NonEmpty("customer") ?? throw StripeErrorException.Missing("customer");
        var customer = CustomerApi.Live(request.Account, customerId, "customer");
        var now = Subscriptions.NowFor(request.Account, customerId);
        var billingMode = p.Hash("billing_mode")?.Allow("flexible", "type").Enum("type", "classic", "flexible") ?? "classic";
        var start = p.Timestamp("start_date", now);
        var parser = new PhaseParser(request, customer, billingMode == "flexible", existingPhases: null);
        if (start is not null && p.Hashes("phases")?.FirstOrDefault()?.Has("start_date") == true)
        {
            throw StripeErrorException.Invalid(
                "You may only specify one of these parameters: start_date, phases[0][start_date].", "phases[0][start_date]");
        }

        var phases = parser.Parse(p, start ?? now, now, "create_prorations");
        var schedule = NewSchedule(customerId, new JsonObject { ["flexible"] = null, ["type"] = billingMode }, phases, now);
        schedule["default_settings"] = DefaultSettings(p.Hash("default_settings"), null);
        schedule["end_behavior"] = p.Enum("end_behavior", "cancel", "none", "release", "renew") ?? "release";
        schedule["metadata"] = Metadata.Apply(p, null);
        schedule["test_clock"] = customer["test_clock"]?.DeepClone();
        request.Account.Store.Add(schedule);
        RedeemCoupons(request.Account, phases);
        ScheduleEngine.AdvanceSchedule(request.Account, schedule, now);
        return request.Account.Render(schedule);
    }

    /// <summary>A schedule taking over a subscription: one phase, its current items for its current period.</summary>
    private static JsonObject FromSubscription(StripeRequest request, ParamHash p, string subscriptionId)
    {
        foreach (var other in p.Keys.Where(k => k != "from_subscription"))
        {
            // The API reference: with from_subscription, "other parameters (such as phase values) cannot be set".
            throw StripeErrorException.Invalid($"You cannot set `{other}` if `from_subscription` is set.", other);
        }

        var subscription = request.Account.Store.Get("subscription", subscriptionId, "subscription", "from_subscription");
        if (subscription["status"]!.GetValue<string>() == "canceled")
        {
            throw StripeErrorException.Invalid(
                "You cannot create a subscription schedule from a canceled subscription.", "from_subscription");
        }

        if (subscription["schedule"]?.GetValue<string>() is { } existing)
        {
            throw StripeErrorException.Invalid(
                $"You cannot migrate a subscription that is already attached to a schedule: `{existing}`.", "from_subscription");
        }

        var customerId = subscription["customer"]!.GetValue<string>();
        var now = Subscriptions.NowFor(request.Account, customerId);
        var items = Subscriptions.Items(request.Account, subscriptionId);
        var periodStart = items.Select(i => i["current_period_start"]!.GetValue<long>()).DefaultIfEmpty(now).Min();
        var periodEnd = items.Select(i => i["current_period_end"]!.GetValue<long>()).DefaultIfEmpty(now).Max();
        var phase = new JsonObject
        {
            ["add_invoice_items"] = new JsonArray(),
            ["application_fee_percent"] = null,
            ["billing_cycle_anchor"] = null,
            ["billing_thresholds"] = null,
            ["collection_method"] = subscription["collection_method"]!.DeepClone(),
            ["currency"] = subscription["currency"]!.DeepClone(),
            ["default_payment_method"] = null,
            ["default_tax_rates"] = new JsonArray(),
            ["description"] = subscription["description"]?.DeepClone(),
            ["discounts"] = subscription["discounts"]!.DeepClone(),
            ["end_date"] = periodEnd,
            ["invoice_settings"] = null,
            ["items"] = new JsonArray([.. items.Select(PhaseItem)]),
            ["metadata"] = new JsonObject(),
            ["on_behalf_of"] = null,
            ["proration_behavior"] = "create_prorations",
            ["start_date"] = periodStart,
            ["transfer_data"] = null,
            ["trial_end"] = subscription["trial_end"]?.DeepClone(),
        };
        var schedule = NewSchedule(customerId, subscription["billing_mode"]!.DeepClone(), new JsonArray(phase), now);
        schedule["status"] = "active";
        schedule["subscription"] = subscriptionId;
        schedule["test_clock"] = subscription["test_clock"]?.DeepClone();
        ScheduleEngine.MarkApplied(schedule, periodStart);
        subscription["schedule"] = schedule["id"]!.DeepClone();
        request.Account.Store.Add(schedule);
        ScheduleEngine.AdvanceSchedule(request.Account, schedule, now);
        return request.Account.Render(schedule);
    }

    /// <summary>A schedule with Stripe's defaults, not yet started nor stored.</summary>
    private static JsonObject NewSchedule(string customerId, JsonNode billingMode, JsonArray phases, long now) => new()
    {
        ["id"] = StripeIds.Long("sub_sched_"),
        ["object"] = "subscription_schedule",
        ["application"] = null,
        ["billing_mode"] = billingMode,
        ["canceled_at"] = null,
        ["completed_at"] = null,
        ["created"] = now,
        ["current_phase"] = null,
        ["customer"] = customerId,
        ["customer_account"] = null,
        ["default_settings"] = DefaultSettings(null, null),
        ["end_behavior"] = "release",
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["phases"] = phases,
        ["released_at"] = null,
        ["released_subscription"] = null,
        ["status"] = "not_started",
        ["subscription"] = null,
        ["test_clock"] = null,
    };

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(request.Account.Store.Get("subscription_schedule", request.Route(), Noun));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("default_settings", "end_behavior", "metadata", "phases", "proration_behavior");
        var schedule = Updatable(request, "updated");
        var customerId = schedule["customer"]!.GetValue<string>();
        var now = Subscriptions.NowFor(request.Account, customerId);
        var proration = p.Enum("proration_behavior", "always_invoice", "create_prorations", "none") ?? "create_prorations";
        if (p.Has("phases"))
        {
            var existing = schedule["phases"]!.AsArray();
            var customer = CustomerApi.Live(request.Account, customerId, "customer");
            var flexible = schedule["billing_mode"]?["type"]?.GetValue<string>() == "flexible";
            var parser = new PhaseParser(request, customer, flexible, existing);
            var phases = parser.Parse(p, existing[0]!["start_date"]!.GetValue<long>(), now, proration);
            if (schedule["status"]!.GetValue<string>() == "active")
            {
                CheckKeepsCurrentPhase(schedule, phases, now);
            }

            schedule["phases"] = phases;
            RedeemCoupons(request.Account, phases);
            ScheduleEngine.Reapply(schedule);
        }

        if (p.Enum("end_behavior", "cancel", "none", "release", "renew") is { } endBehavior)
        {
            schedule["end_behavior"] = endBehavior;
        }

        if (p.Hash("default_settings") is { } settings)
        {
            schedule["default_settings"] = DefaultSettings(settings, schedule["default_settings"] as JsonObject);
        }

        schedule["metadata"] = Metadata.Apply(p, schedule["metadata"] as JsonObject);
        ScheduleEngine.AdvanceSchedule(request.Account, schedule, now);
        return request.Account.Render(schedule);
    }

    /// <summary>
    /// An update of a running schedule must still hold the phase in progress, starting when it started: past phases may be
    /// dropped, but the current phase's start cannot move.
    /// </summary>
    private static void CheckKeepsCurrentPhase(JsonObject schedule, JsonArray phases, long now)
    {
        var current = schedule["current_phase"]?["start_date"]?.GetValue<long>();
        var firstStart = phases[0]!["start_date"]!.GetValue<long>();
        var lastEnd = phases[^1]!["end_date"]!.GetValue<long>();
        var startedPhases = schedule["phases"]!.AsArray().Select(ph => ph!["start_date"]!.GetValue<long>()).Where(s => s <= now);
        if (firstStart > now || !startedPhases.Contains(firstStart) || (current is not null && lastEnd <= now))
        {
            throw StripeErrorException.Invalid(
                "You can not modify the start date of the current phase. The update must keep the phase in progress " +
                $"(started at {current}) with its original start_date.", "phases[0][start_date]");
        }
    }

    private static JsonObject Cancel(StripeRequest request)
    {
        request.Params.Allow("invoice_now", "prorate");
        _ = request.Params.Bool("invoice_now");
        _ = request.Params.Bool("prorate");
        var schedule = Updatable(request, "canceled");
        var now = Subscriptions.NowFor(request.Account, schedule["customer"]!.GetValue<string>());
        schedule["status"] = "canceled";
        schedule["canceled_at"] = now;
        schedule["current_phase"] = null;
        if (schedule["subscription"]?.GetValue<string>() is { } subscriptionId
            && request.Account.Store.Find("subscription", subscriptionId) is { } subscription)
        {
            Subscriptions.Cancel(request.Account, subscription, now, "cancellation_requested");
        }

        return request.Account.Render(schedule);
    }

    private static JsonObject Release(StripeRequest request)
    {
        request.Params.Allow("preserve_cancel_date");
        var preserve = request.Params.Bool("preserve_cancel_date") ?? true;
        var schedule = Updatable(request, "released");
        var now = Subscriptions.NowFor(request.Account, schedule["customer"]!.GetValue<string>());
        var subscription = schedule["subscription"]?.GetValue<string>() is { } subscriptionId
            ? request.Account.Store.Find("subscription", subscriptionId)
            : null;
        ScheduleEngine.Release(schedule, subscription, now);
        if (subscription is not null && !preserve)
        {
            subscription["cancel_at"] = null;
        }

        return request.Account.Render(schedule);
    }

    /// <summary>Only schedules that have not ended can change.</summary>
    private static JsonObject Updatable(StripeRequest request, string verb)
    {
        var schedule = request.Account.Store.Get("subscription_schedule", request.Route(), Noun);
        var status = schedule["status"]!.GetValue<string>();
        if (status is not ("not_started" or "active"))
        {
            throw StripeErrorException.Invalid(
                $"You cannot {(verb == "updated" ? "update" : verb == "canceled" ? "cancel" : "release")} a subscription schedule " +
                $"that is currently in the `{status}` status. It must be in the `not_started` or `active` status to be {verb}.");
        }

        return schedule;
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "canceled_at", "completed_at", "created", "customer",
            "customer_account", "released_at", "scheduled"]);
        var customer = p.NonEmpty("customer");
        var scheduled = p.Bool("scheduled");
        var created = Listing.Created(p);
        var canceled = Listing.Created(p, "canceled_at");
        var completed = Listing.Created(p, "completed_at");
        var released = Listing.Created(p, "released_at");
        return Listing.List(request, "subscription_schedule", Noun, s =>
            (customer is null || s["customer"]!.GetValue<string>() == customer)
            && (scheduled is null || (s["status"]!.GetValue<string>() == "not_started") == scheduled)
            && created(s) && canceled(s) && completed(s) && released(s), "/v1/subscription_schedules", ("customer", customer));
    }

    private static JsonObject DefaultSettings(ParamHash? settings, JsonObject? current)
    {
        var result = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["application_fee_percent"] = null,
            ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
            ["billing_cycle_anchor"] = "automatic",
            ["billing_thresholds"] = null,
            ["collection_method"] = "charge_automatically",
            ["default_payment_method"] = null,
            ["description"] = null,
            ["invoice_settings"] = new JsonObject
            {
                ["account_tax_ids"] = null,
                ["custom_fields"] = null,
                ["days_until_due"] = null,
                ["description"] = null,
                ["footer"] = null,
                ["issuer"] = new JsonObject { ["type"] = "self" },
            },
            ["on_behalf_of"] = null,
            ["transfer_data"] = null,
        };
        if (settings is null)
        {
            return result;
        }

        settings.Allow("application_fee_percent", "automatic_tax", "billing_cycle_anchor", "billing_thresholds", "collection_method",
            "default_payment_method", "description", "invoice_settings", "on_behalf_of", "transfer_data");
        if (settings.Enum("billing_cycle_anchor", "automatic", "phase_start") is { } anchor)
        {
            result["billing_cycle_anchor"] = anchor;
        }

        if (settings.Enum("collection_method", "charge_automatically", "send_invoice") is { } method)
        {
            result["collection_method"] = method;
        }

        CustomerApi.SetNullable(settings, result, "description");
        if (settings.Hash("invoice_settings") is { } invoiceSettings)
        {
            invoiceSettings.Allow("account_tax_ids", "days_until_due", "issuer");
            result["invoice_settings"]!["days_until_due"] = invoiceSettings.NonNegativeLong("days_until_due");
        }

        return result;
    }

    private static void RedeemCoupons(StripeAccount account, JsonArray phases)
    {
        var coupons = phases.SelectMany(phase => phase!["discounts"]!.AsArray())
            .Select(d => d!["coupon"]?.GetValue<string>())
            .OfType<string>()
            .Distinct();
        foreach (var id in coupons)
        {
            if (account.Store.Find("coupon", id) is { } coupon)
            {
                coupon["times_redeemed"] = coupon["times_redeemed"]!.GetValue<long>() + 1;
            }
        }
    }

    /// <summary>A phase item copied from a subscription item; a usage-based item has no quantity, so none is written.</summary>
    private static JsonNode PhaseItem(JsonNode? item)
    {
        var phaseItem = new JsonObject
        {
            ["billing_thresholds"] = null,
            ["discounts"] = item!["discounts"]!.DeepClone(),
            ["metadata"] = item["metadata"]!.DeepClone(),
            ["plan"] = item["price"]!.DeepClone(),
            ["price"] = item["price"]!.DeepClone(),
            ["tax_rates"] = new JsonArray(),
        };
        if (item["quantity"] is { } quantity)
        {
            phaseItem["quantity"] = quantity.DeepClone();
        }

        return phaseItem;
    }
}
