using System.Net;

namespace CpqSync.Web.Security;

/// <summary>
/// What the web app logs about sign-ins and accounts: the account name and the client's address, never a password.
/// </summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Sign-in failed for {UserName} from {RemoteAddress}")]
    public static partial void SignInFailed(ILogger logger, string userName, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning,
        Message = "Sign-in for {UserName} from {RemoteAddress} refused: locked out until {LockedUntil:O} after too many failures")]
    public static partial void SignInLockedOut(ILogger logger, string userName, IPAddress? remoteAddress, DateTimeOffset lockedUntil);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "{UserName} signed in from {RemoteAddress}")]
    public static partial void SignedIn(ILogger logger, string userName, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Information,
        Message = "{UserName} changed their password from {RemoteAddress}; {EndedSessions} other sessions ended")]
    public static partial void PasswordChanged(ILogger logger, string userName, IPAddress? remoteAddress, int endedSessions);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Information, Message = "{AdminName} removed the account {UserName}")]
    public static partial void UserRemoved(ILogger logger, string adminName, string userName);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Warning, Message = "Creating the admin account from {RemoteAddress} refused: wrong set-up code")]
    public static partial void SetupCodeRefused(ILogger logger, IPAddress? remoteAddress);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Information, Message = "{UserName} created the admin account from {RemoteAddress} with the set-up code")]
    public static partial void AdminCreated(ILogger logger, string userName, IPAddress? remoteAddress);
}
