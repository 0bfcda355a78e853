using System.Security.Cryptography;
using System.Text;

namespace CpqSync.Web.Security;

/// <summary>
/// The one-time set-up code that creating the admin account needs, as Jenkins's initial admin password: <c>serve</c>
/// generates it at start-up while no account exists and logs it once on its console, so only someone who can read that
/// console (the operator) can claim the admin account, not whoever reaches the app first. Only its hash is kept, in
/// memory; the admin's creation uses it up, and a restart with an admin gives none.
/// </summary>
public sealed partial class SetupCode(ILogger<SetupCode> logger)
{
    // 32 symbols without 0/O and 1/I to misread: 20 characters of 5 bits each (100 bits), shown in groups of five.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int Length = 20;

    private readonly Lock _gate = new();
    private byte[]? _hash;

    /// <summary>Whether a code waits to be used (no admin account when it was generated, none created with it since).</summary>
    public bool Pending
    {
        get
        {
            lock (_gate)
            {
                return _hash is not null;
            }
        }
    }

    /// <summary>At start-up: generates a code and logs it when no account exists yet; does nothing otherwise.</summary>
    /// <param name="loginUrl">Where the admin account is created (the login page).</param>
    public async Task AnnounceAsync(WebAccounts accounts, Uri loginUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        if (await accounts.AnyUserAsync(cancellationToken))
        {
            return;
        }

        var code = Generate();
        lock (_gate)
        {
            _hash = Hash(code);
        }

        NoAdminYet(logger, loginUrl, code);
    }

    /// <summary>Whether <paramref name="given"/> is the pending code (case, spaces and dashes aside), compared in constant time.</summary>
    internal bool Matches(string? given)
    {
        lock (_gate)
        {
            return _hash is not null && !string.IsNullOrWhiteSpace(given) && CryptographicOperations.FixedTimeEquals(_hash, Hash(given));
        }
    }

    /// <summary>The admin exists: the code can't be used again.</summary>
    internal void UsedUp()
    {
        lock (_gate)
        {
            _hash = null;
        }
    }

    private static string Generate()
    {
        var chars = RandomNumberGenerator.GetString(Alphabet, Length);
        return string.Join('-', Enumerable.Range(0, Length / 5).Select(i => chars.Substring(i * 5, 5)));
    }

    private static byte[] Hash(string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(new string([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant)])));

    // Warning, so that it shows whatever the log level: the operator must act on it. Logging a secret is the point here
    // (the console is the channel only the operator reads); it is single-use and dies with the admin's creation.
    [LoggerMessage(EventId = 1606, Level = LogLevel.Warning,
        Message = "No admin account yet: create it at {LoginUrl} with the one-time set-up code {SetupCode}")]
    private static partial void NoAdminYet(ILogger logger, Uri loginUrl, string setupCode);
}
