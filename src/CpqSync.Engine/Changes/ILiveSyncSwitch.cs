namespace CpqSync.Engine.Changes;

/// <summary>The user's "live sync" toggle, read before every poll so it can change at any time.</summary>
public interface ILiveSyncSwitch
{
    ValueTask<bool> IsOnAsync(CancellationToken cancellationToken);
}

/// <summary>A toggle held in memory (the host backs it with the stored preference).</summary>
public sealed class LiveSyncSwitch(bool on = true) : ILiveSyncSwitch
{
    private volatile bool _on = on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }

    public ValueTask<bool> IsOnAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_on);
}
