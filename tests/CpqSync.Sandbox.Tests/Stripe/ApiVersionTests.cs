namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>Parameters that changed between API versions follow the request's <c>Stripe-Version</c>.</summary>
public sealed class ApiVersionTests
{
    [Fact]
    public async Task Phases_take_duration_in_current_versions_and_iterations_only_before_2025_09_30_clover()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        var iterations = $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][iterations]=3";

        var current = await api.PostAsync("/v1/subscription_schedules", iterations);
        api.Http.DefaultRequestHeaders.Add("Stripe-Version", "2025-08-27.basil");
        var older = await api.CreateAsync("/v1/subscription_schedules", iterations);

        current.AssertError(400, "parameter_unknown", "phases[0][iterations]");
        Assert.Equal(StripeApi.Start.AddMonths(3).ToUnixTimeSeconds(), older["phases"]![0]!["end_date"]!.GetValue<long>());
    }

    [Fact]
    public async Task Duration_is_unknown_before_2025_07_30_basil()
    {
        await using var api = await StripeApi.StartAsync();
        var (customer, monthly, _) = await ScheduleTests.CatalogAsync(api);
        api.Http.DefaultRequestHeaders.Add("Stripe-Version", "2024-06-20");

        var response = await api.PostAsync("/v1/subscription_schedules",
            $"customer={customer}&phases[0][items][0][price]={monthly}&phases[0][duration][interval]=month");

        response.AssertError(400, "parameter_unknown", "phases[0][duration]");
    }

    [Fact]
    public async Task Aggregate_usage_and_meterless_metered_prices_exist_only_before_2025_03_31_basil()
    {
        await using var api = await StripeApi.StartAsync();
        var product = await api.CreateAsync("/v1/products", "name=Calls");
        var form = $"product={product["id"]}&currency=usd&unit_amount=1&recurring[interval]=month&recurring[usage_type]=metered" +
            "&recurring[aggregate_usage]=max";

        var current = await api.PostAsync("/v1/prices", form);
        api.Http.DefaultRequestHeaders.Add("Stripe-Version", "2024-06-20");
        var older = await api.CreateAsync("/v1/prices", form);

        current.AssertError(400, "parameter_unknown", "recurring[aggregate_usage]");
        Assert.Equal("max", older["recurring"]!["aggregate_usage"]!.GetValue<string>());
    }
}
