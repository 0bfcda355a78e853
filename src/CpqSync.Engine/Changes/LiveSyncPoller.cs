namespace CpqSync.Engine.Changes;

/// <summary>
/// One live-sync tick: polls a change source while live sync is on. While it is off nothing is read and the cursor
/// stays put, so turning it back on resumes where it stopped. The one loop ticking it is <c>serve</c>'s
/// <c>LiveSyncService</c>, which waits the connection's polling interval between ticks.
/// </summary>
public sealed class LiveSyncPoller(IChangeSource source, ILiveSyncSwitch liveSync, ChangePollingOptions options)
{
    /// <summary>The polling options, validated: the loop waits <see cref="ChangePollingOptions.Interval"/> between ticks.</summary>
    public ChangePollingOptions Options { get; } = (options ?? throw new ArgumentNullException(nameof(options))).Validated();

    /// <summary>One tick: a poll when live sync is on, otherwise nothing (<see langword="null"/>).</summary>
    public async Task<ChangePoll?> RunOnceAsync(CancellationToken cancellationToken) =>
        await liveSync.IsOnAsync(cancellationToken).ConfigureAwait(false)
            ? await source.PollAsync(cancellationToken).ConfigureAwait(false)
            : null;
}
