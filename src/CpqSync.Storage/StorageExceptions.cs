namespace CpqSync.Storage;

/// <summary>A connection name is already taken.</summary>
public sealed class DuplicateConnectionException : Exception
{
    public DuplicateConnectionException(string name, Exception innerException)
        : base($"A connection named '{name}' already exists.", innerException)
    {
    }
}

/// <summary>No connection has this id.</summary>
public sealed class ConnectionNotFoundException : Exception
{
    public ConnectionNotFoundException(Guid connectionId)
        : base($"No connection has the id {connectionId}.")
    {
    }
}

/// <summary>
/// Stored credentials cannot be decrypted with the configured key: the key changed, or the data was altered.
/// </summary>
/// <remarks>The message names where the key came from, never the key.</remarks>
public sealed class StorageKeyMismatchException : Exception
{
    public StorageKeyMismatchException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
