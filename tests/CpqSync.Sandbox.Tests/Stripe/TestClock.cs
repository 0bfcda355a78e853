using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>A fake clock that also tells when code starts waiting on it, so tests can wait for that instead of sleeping.</summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly SemaphoreSlim _timers = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Completes once something (an injected latency) has started waiting on this clock.</summary>
    public Task<bool> WaitForTimerAsync() => _timers.WaitAsync(TimeSpan.FromSeconds(30));
}
