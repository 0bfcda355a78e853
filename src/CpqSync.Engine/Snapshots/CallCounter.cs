namespace CpqSync.Engine.Snapshots;

/// <summary>Counts the Salesforce API calls one snapshot makes (each composite request counts once, as in Salesforce's limits).</summary>
internal sealed class CallCounter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Add(int calls = 1) => Interlocked.Add(ref _calls, calls);
}
