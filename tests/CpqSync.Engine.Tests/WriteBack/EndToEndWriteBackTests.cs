using CpqSync.Core.Planning;
using CpqSync.Engine.Tests.Support;
using CpqSync.Engine.WriteBack;
using CpqSync.Sandbox.Stripe;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Tests.WriteBack;

/// <summary>
/// A demo order planned from the emulated org, applied to the emulated Stripe API and written back: the write-backs
/// the planner really produces are ones Salesforce accepts.
/// </summary>
public sealed class EndToEndWriteBackTests
{
    [Theory]
    [InlineData("Stark: platform (valid initial order)")]
    [InlineData("Umbrella: premium support")]
    [InlineData("Acme: platform, onboarding and API usage")] // metered API calls: a billing meter, then the price on it
    public async Task A_demo_order_synced_to_stripe_shows_its_ids_and_a_success_sync_record(string description)
    {
        await using var org = await WriteBackOrg.StartAsync(description);
        await using var stripe = await StripeSandboxServer.StartAsync(new StripeSandboxOptions(), TimeProvider.System, TestCancellation.Token);
        await using var services = StripeServices(stripe);
        var preview = await org.Org.Previewer.PreviewAsync(org.OrderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);
        var applied = await services.GetRequiredService<StripePlanApplier>().ApplyAsync(preview.Result.Plan!, TestCancellation.Token);
        Assert.True(applied.Succeeded, applied.Failure?.Message);

        var report = await org.WriteBack.RecordAppliedAsync(org.Attempt(), applied, WriteBackOrg.Preferences, TestCancellation.Token);

        Assert.True(report.Succeeded, string.Join("\n", report.Failures.Select(f => $"{f.SObjectType} {f.RecordId}: {f.Describe()}")));
        var order = await org.RetrieveAsync("Order", org.OrderId, "Stripe_ID__c");
        var orderStripeId = order.Text("Stripe_ID__c");
        Assert.Contains(orderStripeId, applied.StripeIds.Values);
        var account = await org.RetrieveAsync("Account", org.AccountId, "Stripe_ID__c");
        Assert.StartsWith("cus_", account.Text("Stripe_ID__c"));
        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Success, record.Text("Resolution_Status__c"));
        Assert.Equal(orderStripeId, record.Text("Stripe_Object_ID__c"));
        Assert.EndsWith("/" + orderStripeId, record.Text("Stripe_Dashboard_Link__c"));
    }

    [Fact]
    public async Task A_stripe_refusal_shows_stripes_request_and_the_next_successful_sync_resolves_it()
    {
        await using var org = await WriteBackOrg.StartAsync();
        var faults = new StripeSandboxOptions { Faults = new StripeFaultOptions { FailNextRequests = 1, ShouldRetry = false } };
        await using var stripe = await StripeSandboxServer.StartAsync(faults, TimeProvider.System, TestCancellation.Token);
        await using var services = StripeServices(stripe);
        var applier = services.GetRequiredService<StripePlanApplier>();
        var plan = (await org.Org.Previewer.PreviewAsync(org.OrderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token)).Result.Plan!;

        var refused = await applier.ApplyAsync(plan, TestCancellation.Token);
        Assert.NotNull(refused.Failure);
        await org.WriteBack.RecordAppliedAsync(org.Attempt(1), refused, WriteBackOrg.Preferences, TestCancellation.Token);

        var error = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Error, error.Text("Resolution_Status__c"));
        Assert.Equal("STRIPE_API_ERROR", error.Text("Error_Code__c"));
        Assert.Equal($"{refused.Failure.Message} (request {refused.Failure.RequestId})", error.Text("Resolution_Message__c"));
        Assert.Equal($"https://dashboard.stripe.com/test/logs/{refused.Failure.RequestId}", error.Text("Stripe_Request_Dashboard_Link__c"));
        Assert.Equal(org.AccountId, error.Text("Secondary_Record_ID__c")); // the customer is Stripe's first request
        Assert.Equal("Account", error.Text("Secondary_Object_Type__c"));

        org.Org.Time.Advance(TimeSpan.FromMinutes(1));
        var applied = await applier.ApplyAsync(plan, TestCancellation.Token);
        Assert.True(applied.Succeeded, applied.Failure?.Message);
        await org.WriteBack.RecordAppliedAsync(org.Attempt(2), applied, WriteBackOrg.Preferences, TestCancellation.Token);

        var statuses = (await org.SyncRecordsAsync()).Select(r => r.Text("Resolution_Status__c")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([SyncRecordStatus.Resolved, SyncRecordStatus.Success], statuses);
    }

    [Fact]
    public async Task An_order_the_planner_refuses_shows_the_catalogue_error()
    {
        await using var org = await WriteBackOrg.StartAsync("Invalid (BILLING_FREQUENCY_UNSUPPORTED): Invoice Plan billing");
        var preview = await org.Org.Previewer.PreviewAsync(org.OrderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);
        Assert.False(preview.Result.Succeeded);

        await org.WriteBack.RecordPlanErrorsAsync(org.Attempt(), preview.Result.Errors, WriteBackOrg.Preferences, TestCancellation.Token);

        var record = Assert.Single(await org.SyncRecordsAsync());
        Assert.Equal(SyncRecordStatus.Error, record.Text("Resolution_Status__c"));
        Assert.Equal("BILLING_FREQUENCY_UNSUPPORTED", record.Text("Error_Code__c"));
        Assert.Equal("Billing frequency isn't a supported CPQ Billing Frequency option.", record.Text("Resolution_Message__c"));
    }

    private static ServiceProvider StripeServices(StripeSandboxServer stripe)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStripeApplier(options =>
        {
            options.ApiKey = stripe.SecretKey;
            options.ApiBase = stripe.BaseUrl;
        });
        return services.BuildServiceProvider();
    }
}
