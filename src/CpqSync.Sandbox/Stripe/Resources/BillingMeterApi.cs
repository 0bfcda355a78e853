using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;
using CpqSync.Sandbox.Stripe.Store;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// <c>/v1/billing/meters</c>: what a metered price bills (since 2025-03-31.basil every <c>usage_type=metered</c> price names
/// one in <c>recurring[meter]</c>). A meter's <c>event_name</c> (at most 100 characters) is unique among active meters;
/// only <c>display_name</c> (at most 250) can change afterwards. Deactivating refuses new prices on the meter.
/// </summary>
internal static class BillingMeterApi
{
    public const string Kind = "billing.meter";
    private const string Noun = "billing.meter";

    public static void Map(StripeRouter router)
    {
        router.Post("/v1/billing/meters", Create);
        router.Get("/v1/billing/meters", List);
        router.Get("/v1/billing/meters/{id}", Retrieve);
        router.Post("/v1/billing/meters/{id}", Update);
        router.Post("/v1/billing/meters/{id}/deactivate", Deactivate);
        router.Post("/v1/billing/meters/{id}/reactivate", Reactivate);
    }

    /// <summary>The meter a price's <c>recurring[meter]</c> names: it must exist and be active.</summary>
    public static JsonObject FindActive(StripeAccount account, string id, string param)
    {
        var meter = account.Store.Get(Kind, id, "billing meter", param);
        if (meter["status"]!.GetValue<string>() != "active")
        {
            throw StripeErrorException.Invalid(
                $"The meter '{id}' is inactive. Reactivate the meter before attaching it to a price.", param);
        }

        return meter;
    }

    private static JsonObject Create(StripeRequest request)
    {
        var p = request.Params.Allow("customer_mapping", "default_aggregation", "display_name", "event_name", "event_time_window",
            "value_settings");
        var displayName = Limited(p.Required("display_name"), 250, "display_name");
        var eventName = Limited(p.Required("event_name"), 100, "event_name");
        var aggregation = p.Hash("default_aggregation")?.Allow("formula") ?? throw StripeErrorException.Missing("default_aggregation");
        var formula = aggregation.Enum("formula", "count", "last", "sum") ?? throw StripeErrorException.Missing("default_aggregation[formula]");

        var mapping = p.Hash("customer_mapping")?.Allow("event_payload_key", "type");
        var customerKey = "stripe_customer_id";
        if (mapping is not null)
        {
            customerKey = Limited(mapping.Required("event_payload_key"), 100, "customer_mapping[event_payload_key]");
            _ = mapping.Enum("type", "by_id") ?? throw StripeErrorException.Missing("customer_mapping[type]");
        }

        var valueKey = "value";
        if (p.Hash("value_settings")?.Allow("event_payload_key") is { } valueSettings)
        {
            valueKey = Limited(valueSettings.Required("event_payload_key"), 100, "value_settings[event_payload_key]");
        }

        if (ActiveWithEventName(request.Account, eventName) is not null)
        {
            throw StripeErrorException.Invalid(
                $"An active meter with event_name '{eventName}' already exists. Meter event names must be unique among active meters.",
                "event_name");
        }

        var meter = new JsonObject
        {
            ["id"] = StripeIds.New("mtr_test_", 32),
            ["object"] = Kind,
            ["created"] = request.Now,
            ["customer_mapping"] = new JsonObject { ["event_payload_key"] = customerKey, ["type"] = "by_id" },
            ["default_aggregation"] = new JsonObject { ["formula"] = formula },
            ["display_name"] = displayName,
            ["event_name"] = eventName,
            ["event_time_window"] = p.Enum("event_time_window", "day", "hour"),
            ["livemode"] = false,
            ["status"] = "active",
            ["status_transitions"] = new JsonObject { ["deactivated_at"] = null },
            ["updated"] = request.Now,
            ["value_settings"] = new JsonObject { ["event_payload_key"] = valueKey },
        };
        request.Account.Store.Add(meter);
        return request.Account.Render(meter);
    }

    private static JsonObject Retrieve(StripeRequest request)
    {
        request.Params.Allow();
        return request.Account.Render(Find(request));
    }

    private static JsonObject Update(StripeRequest request)
    {
        var p = request.Params.Allow("display_name");
        var meter = Find(request);
        if (p.NonEmpty("display_name") is { } displayName)
        {
            meter["display_name"] = Limited(displayName, 250, "display_name");
            meter["updated"] = request.Now;
        }

        return request.Account.Render(meter);
    }

    private static JsonObject Deactivate(StripeRequest request)
    {
        request.Params.Allow();
        var meter = Find(request);
        if (meter["status"]!.GetValue<string>() == "active")
        {
            meter["status"] = "inactive";
            meter["status_transitions"] = new JsonObject { ["deactivated_at"] = request.Now };
            meter["updated"] = request.Now;
        }

        return request.Account.Render(meter);
    }

    /// <summary>Reactivating makes the event name live again, so it must not clash with a meter created meanwhile.</summary>
    private static JsonObject Reactivate(StripeRequest request)
    {
        request.Params.Allow();
        var meter = Find(request);
        if (meter["status"]!.GetValue<string>() == "inactive")
        {
            var eventName = meter["event_name"]!.GetValue<string>();
            if (ActiveWithEventName(request.Account, eventName) is not null)
            {
                throw StripeErrorException.Invalid(
                    $"An active meter with event_name '{eventName}' already exists. Meter event names must be unique among active meters.");
            }

            meter["status"] = "active";
            meter["status_transitions"] = new JsonObject { ["deactivated_at"] = null };
            meter["updated"] = request.Now;
        }

        return request.Account.Render(meter);
    }

    private static JsonObject List(StripeRequest request)
    {
        var p = request.Params.Allow([.. ListPage.Parameters.Split(','), "status"]);
        var status = p.Enum("status", "active", "inactive");
        return Listing.List(request, Kind, Noun, meter => status is null || meter["status"]!.GetValue<string>() == status,
            "/v1/billing/meters");
    }

    private static JsonObject Find(StripeRequest request) => request.Account.Store.Get(Kind, request.Route(), "billing meter");

    private static JsonObject? ActiveWithEventName(StripeAccount account, string eventName) =>
        account.Store.NewestFirst(Kind).FirstOrDefault(m =>
            m["status"]!.GetValue<string>() == "active" && m["event_name"]!.GetValue<string>() == eventName);

    private static string Limited(string value, int maximum, string param) => value.Length <= maximum
        ? value
        : throw StripeErrorException.Invalid($"Invalid {param}: must be at most {maximum} characters", param);
}
