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
}

/// <summary>A web account with this name exists.</summary>
public sealed class DuplicateWebUserException : Exception
{
    public DuplicateWebUserException(string userName, Exception innerException)
        : base($"An account named '{userName}' already exists.", innerException)
    {
    }
}
