using CpqSync.Storage;
using Microsoft.AspNetCore.Identity;

namespace CpqSync.Web.Security;

/// <summary>
/// Accounts with hashed passwords (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>: PBKDF2, salted); a
/// password is never stored, logged or compared in clear.
/// </summary>
public sealed class WebAccounts(IWebUserStore users)
{
    public const int MinPasswordLength = 12;

    private readonly PasswordHasher<WebUser> _hasher = new();

    public Task<bool> AnyUserAsync(CancellationToken cancellationToken) => users.AnyUserAsync(cancellationToken);

    /// <returns>The admin, or <see langword="null"/> when an account already existed.</returns>
    public Task<WebUser?> CreateFirstAdminAsync(string userName, string password, CancellationToken cancellationToken) =>
        users.CreateFirstAdminAsync(userName, Hash(password), cancellationToken);

    /// <exception cref="DuplicateWebUserException">The name is taken.</exception>
    public Task<WebUser> AddUserAsync(string userName, string password, WebRole role, CancellationToken cancellationToken) =>
        users.CreateUserAsync(new NewWebUser(userName, Hash(password), role), cancellationToken);

    public Task<IReadOnlyList<WebUser>> ListAsync(CancellationToken cancellationToken) => users.ListUsersAsync(cancellationToken);

    /// <returns>The account when the name and password match, else <see langword="null"/> (never saying which was wrong).</returns>
    public async Task<WebUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindUserAsync(userName, cancellationToken);
        if (user is null)
        {
            // Hash anyway, so an unknown name takes as long as a wrong password.
            _hasher.HashPassword(null!, password);
            return null;
        }

        switch (_hasher.VerifyHashedPassword(user, user.PasswordHash, password))
        {
            case PasswordVerificationResult.Success:
                return user;
            case PasswordVerificationResult.SuccessRehashNeeded:
                await users.SetPasswordHashAsync(user.Id, Hash(password), cancellationToken);
                return user;
            default:
                return null;
        }
    }

    /// <summary>Why a new password is refused, or <see langword="null"/> when it is acceptable.</summary>
    public static string? CheckPassword(string? password, string? confirmation) =>
        string.IsNullOrEmpty(password) || password.Length < MinPasswordLength
            ? $"Use at least {MinPasswordLength} characters."
            : password != confirmation ? "The two passwords differ." : null;

    private string Hash(string password) => _hasher.HashPassword(null!, password);
}
