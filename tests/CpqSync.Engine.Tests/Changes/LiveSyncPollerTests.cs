using CpqSync.Engine.Changes;
using CpqSync.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Engine.Tests.Changes;

/// <summary>The live sync toggle: off reads nothing and keeps the cursor; on again resumes from it.</summary>
public sealed class LiveSyncPollerTests
{
    [Fact]
    public async Task With_live_sync_off_nothing_is_read_and_turning_it_on_resumes_from_the_cursor()
    {
        await using var org = await ChangeDetectionOrg.StartAsync();
        var liveSync = new LiveSyncSwitch(on: true);
        var poller = new LiveSyncPoller(await org.SourceAsync(), liveSync, new ChangePollingOptions());
        await poller.RunOnceAsync(TestCancellation.Token);
        await org.DrainQueueAsync();

        liveSync.On = false;
        var cursorBefore = await org.Store.GetCursorAsync(org.ConnectionId, "Order", TestCancellation.Token);
        var orderId = await org.NewActivatedOrderAsync("Activated while live sync was off");
        var usageBefore = org.ApiUsage;
        var whileOff = await poller.RunOnceAsync(TestCancellation.Token);
        var cursorWhileOff = await org.Store.GetCursorAsync(org.ConnectionId, "Order", TestCancellation.Token);

        Assert.Null(whileOff);
        Assert.Equal(usageBefore, org.ApiUsage);
        Assert.Equal(cursorBefore!.HighWaterMark, cursorWhileOff!.HighWaterMark);
        Assert.Empty(await org.DrainQueueAsync());

        liveSync.On = true;
        var resumed = await poller.RunOnceAsync(TestCancellation.Token);

        Assert.NotNull(resumed);
        Assert.Contains(resumed.Queued, c => c.OrderId == orderId);
        Assert.Contains(orderId, await org.DrainQueueAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_polling_interval_under_a_second_is_refused(int seconds)
    {
        var options = new ChangePollingOptions { Interval = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => options.Validated());
        Assert.Contains("interval", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_configured_interval_out_of_range_fails_when_the_options_are_read()
    {
        using var services = new ServiceCollection().AddChangePolling(o => o.Interval = TimeSpan.Zero).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ChangePollingOptions>>().Value);
        Assert.Contains("interval", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_default_interval_is_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new ChangePollingOptions().Validated().Interval);
    }
}
