namespace CpqSync.Hosting.Serve;

/// <summary>The connection <c>serve</c> runs, opened before the hosted services start.</summary>
public sealed class RunningConnection
{
    private BootstrappedConnection? _current;

    public BootstrappedConnection Current => _current ?? throw new InvalidOperationException("The connection has not been opened yet.");

    internal void Set(BootstrappedConnection connection) => _current = connection;
}
