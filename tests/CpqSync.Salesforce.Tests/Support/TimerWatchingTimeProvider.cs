using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Salesforce.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each delay the code under test starts waiting for, so a test can
/// advance time exactly when the client is waiting, never on a real timer.
/// </summary>
internal sealed class TimerWatchingTimeProvider(TimeSpan ignore) : FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    /// <summary>The next delay started, other than timers of length <c>ignore</c> (the per-attempt timeout).</summary>
    public ValueTask<TimeSpan> NextDelayAsync(CancellationToken cancellationToken) => _delays.Reader.ReadAsync(cancellationToken);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != ignore && dueTime != Timeout.InfiniteTimeSpan)
        {
            _delays.Writer.TryWrite(dueTime);
        }

        return timer;
    }
}
