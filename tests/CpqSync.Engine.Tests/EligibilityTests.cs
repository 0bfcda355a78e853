using CpqSync.Core.Configuration;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>Which orders sync (docs/behaviour.md §4.1): the snapshot carries what the planner needs to say no.</summary>
public sealed class EligibilityTests(DemoOrgFixture fixture) : IClassFixture<DemoOrgFixture>
{
    [Theory]
    [InlineData("Globex draft: premium support")]
    [InlineData("Acme draft: analytics")]
    public async Task A_draft_order_previews_as_not_activated_with_nothing_to_do(string description)
    {
        var orderId = await fixture.Org.OrderIdAsync(description);

        var preview = await fixture.Org.Previewer.PreviewAsync(orderId, DemoOrg.Configuration, cancellationToken: TestCancellation.Token);

        Assert.True(preview.Result.Succeeded);
        Assert.Empty(preview.Result.Plan!.Operations);
        Assert.Equal("ORDER_NOT_ACTIVATED", Assert.Single(preview.Result.Plan.Warnings).Code);
    }

    [Fact]
    public async Task An_order_activated_before_the_sync_start_date_is_skipped()
    {
        var orderId = await fixture.Org.OrderIdAsync("Umbrella: premium support");
        var afterActivation = DateOnly.FromDateTime(fixture.Org.Time.GetUtcNow().UtcDateTime).AddDays(1);
        var configuration = DemoOrg.Configuration with
        {
            Settings = DemoOrg.Configuration.Settings with { SyncStartDate = afterActivation },
        };

        var preview = await fixture.Org.Previewer.PreviewAsync(orderId, configuration, cancellationToken: TestCancellation.Token);

        Assert.Empty(preview.Result.Plan!.Operations);
        Assert.Equal("PRE_INTEGRATION_ORDER", Assert.Single(preview.Result.Plan.Warnings).Code);
    }
}
