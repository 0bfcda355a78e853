using CpqSync.Engine.Preview;
using Microsoft.Extensions.DependencyInjection;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests.Sync;

/// <summary>Synced amendments previewed again (a termination among them): Stripe already has them, so nothing is left to do.</summary>
public sealed class AmendmentResyncTests
{
    [Fact]
    public async Task A_synced_amendment_previews_with_nothing_to_do_and_no_warning()
    {
        await using var org = await SyncOrg.StartAsync();
        await org.Backfill.RunAsync(org.Connection, since: null, progress: null, TestCancellation.Token);
        var orders = await org.ActivatedOrdersAsync();

        foreach (var description in new[] { DemoSeed.SyncedAmendment, DemoSeed.UsageAmendment })
        {
            var preview = await org.Services.GetRequiredService<OrderPreviewer>()
                .PreviewAsync(orders[description], org.Connection.Configuration, cancellationToken: TestCancellation.Token);

            Assert.True(preview.Result.Succeeded, description);
            Assert.Empty(preview.Result.Plan!.Operations);
            Assert.Empty(preview.Result.Plan.Warnings);
        }
    }
}
