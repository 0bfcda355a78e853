using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CpqSync.Web.Security;

/// <summary>Settings of <see cref="SignInThrottle"/> (section <c>Serve:SignIn</c>).</summary>
public sealed class SignInThrottleOptions
{
    public const string SectionName = "Serve:SignIn";

    /// <summary>Failed sign-ins to one account name before it is locked out. The default value is 5.</summary>
    [Range(1, 1000)]
    public int MaxFailuresPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address (any names) before it is locked out. The default value is 20.</summary>
    [Range(1, 10000)]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>
    /// How long a lockout lasts; failures further apart than this are forgotten. The default value is 15 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Identity-style lockout of sign-ins, per account name and per client address: after too many failures in a row the
/// name (or the address) is refused without its password being checked until the lockout ends; a success clears the
/// account's failures (not the address's, so one valid account can't launder guesses at others). Names the store doesn't
/// know are counted like real ones, so a lockout says nothing about which names exist.
/// </summary>
/// <remarks>
/// In memory, per <c>serve</c> process: a restart forgets lockouts. Hand-written because ASP.NET Core's rate limiters
/// run on their own clock (dotnet/runtime#106447) and this one must follow <see cref="TimeProvider"/>.
/// </remarks>
public sealed class SignInThrottle(TimeProvider time, Microsoft.Extensions.Options.IOptions<SignInThrottleOptions> options)
{
    // Past this many tracked names and addresses, entries whose failures and lockout have lapsed are dropped.
    private const int PruneAbove = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SignInThrottleOptions _options = options.Value;

    /// <summary>Until when sign-ins for this name or from this address are refused; <see langword="null"/> when they are not.</summary>
    public DateTimeOffset? LockedUntil(string userName, IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var account = Until(AccountKey(userName), now);
            var client = address is null ? null : Until(AddressKey(address), now);
            return account > client || client is null ? account : client;
        }
    }

    /// <summary>Counts a failed sign-in.</summary>
    /// <returns>Until when the name or the address is now locked out, or <see langword="null"/>.</returns>
    public DateTimeOffset? Failed(string userName, IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.Count > PruneAbove)
            {
                Prune(now);
            }

            var account = Fail(AccountKey(userName), _options.MaxFailuresPerAccount, now);
            var client = address is null ? null : Fail(AddressKey(address), _options.MaxFailuresPerAddress, now);
            return account > client || client is null ? account : client;
        }
    }

    /// <summary>A successful sign-in clears the account's failures.</summary>
    public void Succeeded(string userName)
    {
        lock (_gate)
        {
            _entries.Remove(AccountKey(userName));
        }
    }

    private DateTimeOffset? Until(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && entry.LockedUntil > now ? entry.LockedUntil : null;

    private DateTimeOffset? Fail(string key, int maxFailures, DateTimeOffset now)
    {
        var entry = _entries.TryGetValue(key, out var known) && now - known.LastFailure < _options.Lockout ? known : new Entry();
        entry.LastFailure = now;
        if (++entry.Failures >= maxFailures)
        {
            entry.Failures = 0;
            entry.LockedUntil = now + _options.Lockout;
        }

        _entries[key] = entry;
        return entry.LockedUntil > now ? entry.LockedUntil : null;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _entries.Where(e => e.Value.LockedUntil <= now && now - e.Value.LastFailure >= _options.Lockout).Select(e => e.Key).ToList())
        {
            _entries.Remove(key);
        }
    }

    private static string AccountKey(string userName) => "account:" + userName.Trim().ToUpperInvariant();

    private static string AddressKey(IPAddress address) =>
        "address:" + (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private sealed class Entry
    {
        public int Failures { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
