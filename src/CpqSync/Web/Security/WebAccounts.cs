using System.Net;
using CpqSync.Storage;
using Microsoft.AspNetCore.Identity;

namespace CpqSync.Web.Security;

/// <summary>
/// Accounts with hashed passwords (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>: PBKDF2, salted); a
/// password is never stored, logged or compared in clear. Sign-ins and password checks go through
/// <see cref="SignInThrottle"/> and are logged by name and address. The first account, the admin, needs the
/// <see cref="SetupCode"/> <c>serve</c> logged at start-up.
/// </summary>
public sealed class WebAccounts(IWebUserStore users, SignInThrottle throttle, SetupCode setupCode, ILogger<WebAccounts> logger)
{

    public const int MinPasswordLength = 12;

    private readonly PasswordHasher<WebUser> _hasher = new();

    public Task<bool> AnyUserAsync(CancellationToken cancellationToken) => users.AnyUserAsync(cancellationToken);

    /// <summary>
    /// Creates the admin account on the first run, when <paramref name="code"/> is the pending <see cref="SetupCode"/>;
    /// wrong codes are logged and lock the address out as wrong passwords do.
    /// </summary>
    public async Task<FirstAdminAttempt> CreateFirstAdminAsync(
        string userName, string password, string? code, IPAddress? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        // Wrong codes count against the address alone (under a name of its own), so nobody can lock the operator out.
        var guesser = $"(set-up code from {address})";
        if (throttle.LockedUntil(guesser, address) is { } locked)
        {
            SecurityLog.SignInLockedOut(logger, guesser, address, locked);
            return new FirstAdminAttempt(null, FirstAdminRefusal.LockedOut, locked);
        }

        if (!setupCode.Matches(code))
        {
            if (await users.AnyUserAsync(cancellationToken))
            {
                return new FirstAdminAttempt(null, FirstAdminRefusal.AdminExists, null);
            }

            SecurityLog.SetupCodeRefused(logger, address);
            var until = throttle.Failed(guesser, address);
            return new FirstAdminAttempt(null, until is null ? FirstAdminRefusal.WrongCode : FirstAdminRefusal.LockedOut, until);
        }

        var admin = await users.CreateFirstAdminAsync(userName, Hash(password), cancellationToken);
        setupCode.UsedUp();
        if (admin is null)
        {
            return new FirstAdminAttempt(null, FirstAdminRefusal.AdminExists, null);
        }

        SecurityLog.AdminCreated(logger, admin.UserName, address);
        return new FirstAdminAttempt(admin, null, null);
    }

    /// <exception cref="DuplicateWebUserException">The name is taken.</exception>
    public Task<WebUser> AddUserAsync(string userName, string password, WebRole role, CancellationToken cancellationToken) =>
        users.CreateUserAsync(new NewWebUser(userName, Hash(password), role), cancellationToken);

    public Task<IReadOnlyList<WebUser>> ListAsync(CancellationToken cancellationToken) => users.ListUsersAsync(cancellationToken);

    public Task<WebUser?> GetAsync(Guid id, CancellationToken cancellationToken) => users.GetUserAsync(id, cancellationToken);

    /// <summary>Sets a new password and ends the account's other sessions (a copied cookie stops working).</summary>
    /// <param name="keepSessionId">The session making the change, which stays signed in.</param>
    /// <returns>How many sessions ended.</returns>
    public async Task<int> ChangePasswordAsync(WebUser user, string newPassword, string? keepSessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await users.SetPasswordHashAsync(user.Id, Hash(newPassword), cancellationToken);
        return await users.EndUserSessionsAsync(user.Id, keepSessionId, cancellationToken);
    }

    /// <summary>Removes an account and ends its sessions; the last admin is never removed.</summary>
    public Task<WebUserRemoval> RemoveAsync(Guid id, CancellationToken cancellationToken) => users.RemoveUserAsync(id, cancellationToken);

    /// <summary>
    /// A sign-in attempt from <paramref name="address"/>: refused unchecked while the name or the address is locked out,
    /// else the password is checked and a failure counted and logged.
    /// </summary>
    public async Task<SignInAttempt> SignInAsync(string userName, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var attempt = await CheckAsync(userName, address, () => VerifyAsync(userName, password, cancellationToken));
        if (attempt.User is not null)
        {
            SecurityLog.SignedIn(logger, attempt.User.UserName, address);
        }

        return attempt;
    }

    /// <summary>The signed-in account's own password, checked again (a password change), under the same lockout as sign-ins.</summary>
    public Task<SignInAttempt> CheckPasswordAsync(WebUser user, string password, IPAddress? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return CheckAsync(user.UserName, address, () => VerifyAsync(user, password, cancellationToken));
    }

    private async Task<SignInAttempt> CheckAsync(string userName, IPAddress? address, Func<Task<WebUser?>> verify)
    {
        if (throttle.LockedUntil(userName, address) is { } locked)
        {
            SecurityLog.SignInLockedOut(logger, userName, address, locked);
            return new SignInAttempt(null, locked);
        }

        var user = await verify();
        if (user is not null)
        {
            throttle.Succeeded(userName);
            return new SignInAttempt(user, null);
        }

        SecurityLog.SignInFailed(logger, userName, address);
        return new SignInAttempt(null, throttle.Failed(userName, address));
    }

    /// <returns>The account when the name and password match, else <see langword="null"/> (never saying which was wrong).</returns>
    private async Task<WebUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken) =>
        await VerifyAsync(await users.FindUserAsync(userName, cancellationToken), password, cancellationToken);

    private async Task<WebUser?> VerifyAsync(WebUser? user, string password, CancellationToken cancellationToken)
    {
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

/// <summary>What creating the admin account came to: the admin, or why not.</summary>
/// <param name="LockedUntil">Set when the address is locked out after too many wrong set-up codes.</param>
public sealed record FirstAdminAttempt(WebUser? Admin, FirstAdminRefusal? Refusal, DateTimeOffset? LockedUntil);

/// <summary>Why the admin account was not created.</summary>
public enum FirstAdminRefusal
{
    /// <summary>The set-up code is missing or not the one <c>serve</c> logged (or it was used up).</summary>
    WrongCode,

    /// <summary>Too many wrong set-up codes from this address.</summary>
    LockedOut,

    /// <summary>An account exists already: the first run is over.</summary>
    AdminExists,
}

/// <summary>What a sign-in (or a password check) came to.</summary>
/// <param name="User">The account, when the password was right.</param>
/// <param name="LockedUntil">Set when the name or the address is locked out (this attempt may have caused it).</param>
public sealed record SignInAttempt(WebUser? User, DateTimeOffset? LockedUntil);
