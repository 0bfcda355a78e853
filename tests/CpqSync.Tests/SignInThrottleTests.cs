using System.Net;
using CpqSync.Hosting.Serve;
using CpqSync.Web.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Tests;

/// <summary>The sign-in lockout per account name and per client address, on a clock the tests move.</summary>
public sealed class SignInThrottleTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Office = IPAddress.Parse("198.51.100.20");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
    private readonly SignInThrottle _throttle;

    public SignInThrottleTests() =>
        _throttle = new SignInThrottle(_time, Options.Create(new SignInThrottleOptions
        {
            MaxFailuresPerAccount = 3, MaxFailuresPerAddress = 5, Lockout = TimeSpan.FromMinutes(15),
        }));

    [Fact]
    public void An_account_is_locked_after_its_failures_until_the_lockout_ends_whatever_the_address()
    {
        Assert.Null(_throttle.Failed("ada", Attacker));
        Assert.Null(_throttle.Failed("ADA", Office));
        var until = _throttle.Failed(" Ada ", Attacker);

        Assert.Equal(_time.GetUtcNow().AddMinutes(15), until);
        Assert.Equal(until, _throttle.LockedUntil("ada", IPAddress.Loopback));
        _time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.NotNull(_throttle.LockedUntil("ada", null));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_throttle.LockedUntil("ada", null));
    }

    [Fact]
    public void An_address_is_locked_after_its_failures_across_names()
    {
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            Assert.Null(_throttle.Failed(name, Attacker));
        }

        Assert.NotNull(_throttle.Failed("e", Attacker));
        Assert.NotNull(_throttle.LockedUntil("someone-else", Attacker));
        Assert.Null(_throttle.LockedUntil("someone-else", Office));
        Assert.Null(_throttle.LockedUntil("someone-else", IPAddress.Parse("::ffff:198.51.100.20")));
        Assert.NotNull(_throttle.LockedUntil("someone-else", Attacker.MapToIPv6()));
    }

    [Fact]
    public void A_success_clears_the_accounts_failures_but_not_the_addresss()
    {
        _throttle.Failed("ada", Attacker);
        _throttle.Failed("ada", Attacker);
        _throttle.Succeeded("ada");
        _throttle.Failed("ada", Attacker);
        _throttle.Failed("ada", Attacker);

        Assert.Null(_throttle.LockedUntil("ada", null));
        Assert.NotNull(_throttle.Failed("ada", Attacker));
    }

    [Fact]
    public void Failures_further_apart_than_the_lockout_are_forgotten()
    {
        _throttle.Failed("ada", Attacker);
        _throttle.Failed("ada", Attacker);
        _time.Advance(TimeSpan.FromMinutes(16));

        Assert.Null(_throttle.Failed("ada", Attacker));
        Assert.Null(_throttle.LockedUntil("ada", Attacker));
    }
}

/// <summary>The <c>Host</c> names <c>serve</c> answers by default: those it listens on.</summary>
public sealed class AllowedHostsTests
{
    [Theory]
    [InlineData(null, "localhost;127.0.0.1;[::1]")]
    [InlineData("http://127.0.0.1:0", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://localhost:5080", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://[::1]:5080", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://cpqsync.internal:5080;https://10.1.2.3:5443", "cpqsync.internal;10.1.2.3")]
    public void Default_to_the_listening_addresses_with_the_loopback_names_for_a_loopback_listener(string? urls, string expected)
    {
        Assert.Equal(expected.Split(';'), ServeEdge.AllowedHosts(new ServeOptions { Urls = urls }));
    }

    [Fact]
    public void A_wildcard_listener_allows_the_machines_name_and_addresses()
    {
        var hosts = ServeEdge.AllowedHosts(new ServeOptions { Urls = "http://0.0.0.0:5080" });

        Assert.Contains(Dns.GetHostName(), hosts);
        Assert.Contains("127.0.0.1", hosts);
        Assert.DoesNotContain("*", hosts);
    }

    [Fact]
    public void The_setting_wins()
    {
        Assert.Equal(
            ["cpqsync.example.com", "*.corp.example"],
            ServeEdge.AllowedHosts(new ServeOptions { Urls = "http://127.0.0.1:5080", AllowedHosts = "cpqsync.example.com; *.corp.example" }));
    }
}
