using Stripe;
using Stripe.Billing;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Billing meters: the object metered prices bill, with a unique event name among active meters.</summary>
public sealed class BillingMeterTests
{
    private const string CallsMeter = "display_name=API%20calls&event_name=api_calls&default_aggregation[formula]=sum";

    [Fact]
    public async Task A_meter_has_stripes_shape_with_the_documented_defaults()
    {
        await using var api = await StripeApi.StartAsync();

        var meter = await api.CreateAsync("/v1/billing/meters", CallsMeter);

        Assert.StartsWith("mtr_", meter["id"]!.GetValue<string>());
        Assert.Equal("billing.meter", meter["object"]!.GetValue<string>());
        Assert.Equal("active", meter["status"]!.GetValue<string>());
        Assert.Equal("sum", meter["default_aggregation"]!["formula"]!.GetValue<string>());
        Assert.Equal("by_id", meter["customer_mapping"]!["type"]!.GetValue<string>());
        Assert.Equal("stripe_customer_id", meter["customer_mapping"]!["event_payload_key"]!.GetValue<string>());
        Assert.Equal("value", meter["value_settings"]!["event_payload_key"]!.GetValue<string>());
        Assert.Null(meter["status_transitions"]!["deactivated_at"]);
    }

    [Fact]
    public async Task Create_checks_required_parameters_and_the_aggregation_formula()
    {
        await using var api = await StripeApi.StartAsync();

        var noEvent = await api.PostAsync("/v1/billing/meters", "display_name=x&default_aggregation[formula]=sum");
        var badFormula = await api.PostAsync("/v1/billing/meters", "display_name=x&event_name=x&default_aggregation[formula]=max");
        var noAggregation = await api.PostAsync("/v1/billing/meters", "display_name=x&event_name=x");

        noEvent.AssertError(400, "parameter_missing", "event_name");
        Assert.Equal(400, badFormula.Status);
        Assert.Equal("default_aggregation[formula]", badFormula.Error["param"]!.GetValue<string>());
        noAggregation.AssertError(400, "parameter_missing", "default_aggregation");
    }

    [Fact]
    public async Task An_event_name_is_unique_among_active_meters_only()
    {
        await using var api = await StripeApi.StartAsync();
        var first = await api.CreateAsync("/v1/billing/meters", CallsMeter);

        var duplicate = await api.PostAsync("/v1/billing/meters", CallsMeter);
        await api.CreateAsync($"/v1/billing/meters/{first["id"]}/deactivate", "");
        var second = await api.CreateAsync("/v1/billing/meters", CallsMeter);
        var reactivateFirst = await api.PostAsync($"/v1/billing/meters/{first["id"]}/reactivate", "");

        Assert.Equal(400, duplicate.Status);
        Assert.Equal("event_name", duplicate.Error["param"]!.GetValue<string>());
        Assert.NotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        Assert.Equal(400, reactivateFirst.Status);
    }

    [Fact]
    public async Task Metered_prices_need_an_existing_active_meter()
    {
        await using var api = await StripeApi.StartAsync();
        var meter = await api.CreateAsync("/v1/billing/meters", CallsMeter);
        const string Metered = "product_data[name]=Calls&currency=usd&unit_amount=1&recurring[interval]=month&recurring[usage_type]=metered";

        var price = await api.CreateAsync("/v1/prices", $"{Metered}&recurring[meter]={meter["id"]}");
        var unknown = await api.PostAsync("/v1/prices", $"{Metered}&recurring[meter]=mtr_missing");
        await api.CreateAsync($"/v1/billing/meters/{meter["id"]}/deactivate", "");
        var inactive = await api.PostAsync("/v1/prices", $"{Metered}&recurring[meter]={meter["id"]}");

        Assert.Equal(meter["id"]!.GetValue<string>(), price["recurring"]!["meter"]!.GetValue<string>());
        unknown.AssertError(404, "resource_missing", "recurring[meter]");
        Assert.Equal(400, inactive.Status);
        Assert.Equal("recurring[meter]", inactive.Error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_a_meter_again_with_its_idempotency_key_replays_it()
    {
        await using var api = await StripeApi.StartAsync();

        var first = await api.PostAsync("/v1/billing/meters", CallsMeter, "meter-key");
        var again = await api.PostAsync("/v1/billing/meters", CallsMeter, "meter-key");

        Assert.Equal(first.Json["id"]!.GetValue<string>(), again.Json["id"]!.GetValue<string>());
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Stripe_net_meter_service_creates_updates_lists_deactivates_and_reactivates()
    {
        await using var api = await StripeApi.StartAsync();
        var meters = new MeterService(StripeNetConformanceTests.Client(api.Server));

        var created = await meters.CreateAsync(new MeterCreateOptions
        {
            DisplayName = "API calls",
            EventName = "api_calls",
            DefaultAggregation = new MeterDefaultAggregationOptions { Formula = "count" },
            CustomerMapping = new MeterCustomerMappingOptions { Type = "by_id", EventPayloadKey = "customer" },
            ValueSettings = new MeterValueSettingsOptions { EventPayloadKey = "calls" },
        });
        var renamed = await meters.UpdateAsync(created.Id, new MeterUpdateOptions { DisplayName = "Calls" });
        var deactivated = await meters.DeactivateAsync(created.Id);
        var inactive = await meters.ListAsync(new MeterListOptions { Status = "inactive" });
        var reactivated = await meters.ReactivateAsync(created.Id);
        var read = await meters.GetAsync(created.Id);
        var missing = await Assert.ThrowsAsync<StripeException>(() => meters.GetAsync("mtr_missing"));

        Assert.Equal("count", created.DefaultAggregation.Formula);
        Assert.Equal("customer", created.CustomerMapping.EventPayloadKey);
        Assert.Equal("calls", created.ValueSettings.EventPayloadKey);
        Assert.Equal("Calls", renamed.DisplayName);
        Assert.Equal("inactive", deactivated.Status);
        Assert.NotNull(deactivated.StatusTransitions.DeactivatedAt);
        Assert.Equal(created.Id, Assert.Single(inactive.Data).Id);
        Assert.Equal("active", reactivated.Status);
        Assert.Equal("Calls", read.DisplayName);
        Assert.Equal("resource_missing", missing.StripeError.Code);
    }
}
