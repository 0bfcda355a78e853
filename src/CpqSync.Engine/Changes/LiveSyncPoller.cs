namespace CpqSync.Engine.Changes;

/// <summary>
/// Polls a change source on a <see cref="PeriodicTimer"/> while live sync is on. While it is off nothing is read and
/// the cursor stays put, so turning it back on resumes where it stopped.
/// </summary>
public sealed class LiveSyncPoller(IChangeSource source, ILiveSyncSwitch liveSync, ChangePollingOptions options, TimeProvider time)
{
    private readonly ChangePollingOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Validated();

    /// <summary>One tick: a poll when live sync is on, otherwise nothing (<see langword="null"/>).</summary>
    public async Task<ChangePoll?> RunOnceAsync(CancellationToken cancellationToken) =>
        await liveSync.IsOnAsync(cancellationToken).ConfigureAwait(false)
            ? await source.PollAsync(cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Ticks every <see cref="ChangePollingOptions.Interval"/> until cancelled; a failed poll is retried at the next tick.</summary>
    /// <param name="onError">Told about a poll that failed (to log it); the loop carries on.</param>
    public async Task RunAsync(Action<Exception>? onError, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                onError?.Invoke(ex);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
