namespace CpqSync.Storage;

/// <summary>What a person signed in to the web app may do.</summary>
public enum WebRole
{
    /// <summary>Sees everything; changes nothing.</summary>
    ReadOnly,

    /// <summary>Changes settings, runs syncs and adds users.</summary>
    Admin,
}

/// <summary>A web app account. <paramref name="PasswordHash"/> is the hasher's output, never the password.</summary>
/// <param name="UserName">As entered; look-ups ignore case.</param>
public sealed record WebUser(Guid Id, string UserName, string PasswordHash, WebRole Role, DateTimeOffset CreatedAt);

/// <summary>An account to create; the caller hashes the password.</summary>
public sealed record NewWebUser(string UserName, string PasswordHash, WebRole Role);

/// <summary>
/// A signed-in browser's session, kept in the store so that the server can end it (sign-out, a password change, the
/// account's removal): the cookie carries only its key, so a copied cookie is worthless once the row is gone.
/// </summary>
/// <param name="Id">An opaque key chosen by the web app (it stores a hash of the cookie's key, never the key).</param>
/// <param name="Ticket">The web app's serialized sign-in (claims and expiry).</param>
public sealed record WebSession(string Id, Guid UserId, ReadOnlyMemory<byte> Ticket, DateTimeOffset ExpiresAt);

/// <summary>What removing an account did.</summary>
public enum WebUserRemoval
{
    /// <summary>The account and its sessions are gone.</summary>
    Removed,

    /// <summary>No account has that id.</summary>
    NotFound,

    /// <summary>Refused: it is the only admin, and nobody could manage the accounts without it.</summary>
    LastAdmin,
}

/// <summary>The web app's accounts, kept in the same store as the engine's data.</summary>
public interface IWebUserStore
{
    /// <summary><see langword="true"/> once any account exists: the first run is over.</summary>
    Task<bool> AnyUserAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Creates the first account, as an admin, only while there is none: of two first runs racing, one wins.
    /// </summary>
    /// <returns>The account, or <see langword="null"/> when an account already exists.</returns>
    Task<WebUser?> CreateFirstAdminAsync(string userName, string passwordHash, CancellationToken cancellationToken);

    /// <exception cref="DuplicateWebUserException">The name is taken (ignoring case).</exception>
    Task<WebUser> CreateUserAsync(NewWebUser user, CancellationToken cancellationToken);

    /// <summary>The account with this name, ignoring case.</summary>
    Task<WebUser?> FindUserAsync(string userName, CancellationToken cancellationToken);

    Task<WebUser?> GetUserAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every account, by name.</summary>
    Task<IReadOnlyList<WebUser>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the password hash (a sign-in rehashes with newer hasher settings).</summary>
    Task<bool> SetPasswordHashAsync(Guid id, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Removes the account and ends its sessions, unless it is the last admin (checked atomically).</summary>
    Task<WebUserRemoval> RemoveUserAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Keeps a new session; sessions already expired are deleted on the way.</summary>
    Task CreateSessionAsync(WebSession session, CancellationToken cancellationToken);

    /// <summary>The session with this id, or <see langword="null"/> when it was ended, never existed or has expired.</summary>
    Task<WebSession?> GetSessionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces a live session's ticket and expiry (sliding expiration); <see langword="false"/> when it was ended.</summary>
    Task<bool> RenewSessionAsync(string id, ReadOnlyMemory<byte> ticket, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Ends one session (signing out).</summary>
    Task EndSessionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Ends every session of the account but <paramref name="exceptId"/> (a password change keeps the changer's).</summary>
    /// <returns>How many sessions ended.</returns>
    Task<int> EndUserSessionsAsync(Guid userId, string? exceptId, CancellationToken cancellationToken);
}

/// <summary>A web account with this name exists.</summary>
public sealed class DuplicateWebUserException : Exception
{
    public DuplicateWebUserException(string userName, Exception innerException)
        : base($"An account named '{userName}' already exists.", innerException)
    {
    }
}
