namespace CpqSync.Engine.Snapshots;

/// <summary>A field the snapshot reads. An optional one is read when the org has it and skipped otherwise.</summary>
internal readonly record struct SnapshotField(string Name, bool Optional)
{
    public static implicit operator SnapshotField(string name) =>
        name.EndsWith('?') ? new SnapshotField(name[..^1], Optional: true) : new SnapshotField(name, Optional: false);
}
