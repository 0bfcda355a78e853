using System.Net;
using System.Net.Http.Headers;
using CpqSync.Core.Errors;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Tests.Setup;
using CpqSync.Tests.Support;
using CpqSync.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Tests;

/// <summary>
/// <c>serve --sandbox</c> as an attacker meets it: sign-in lockouts on a clock the test moves, sessions the server ends,
/// a foreign <c>Host</c>, <c>/metrics</c> behind a token, and a TLS-terminating proxy in front.
/// </summary>
public sealed class ServeSecurityTests(ServeSecurityTests.Site site) : IClassFixture<ServeSecurityTests.Site>
{
    private const string MetricsToken = "a-metrics-token-of-32-characters";

    [Fact]
    public async Task A_copied_session_cookie_is_refused_after_sign_out()
    {
        var (browser, cookies) = await site.SignInAsync("sam", WebRole.ReadOnly);
        using var copy = site.Client(cookies.GetAllCookies());
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        var token = SetupSite.Token(await browser.GetStringAsync("/"));
        using var signOut = await browser.PostAsync("/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal("/login", signOut.Headers.Location!.OriginalString);

        using var afterSignOut = await copy.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, afterSignOut.StatusCode);
        Assert.Equal("/login", afterSignOut.Headers.Location!.AbsolutePath);
        browser.Dispose();
    }

    [Fact]
    public async Task A_password_change_ends_the_accounts_other_sessions_and_keeps_the_changers()
    {
        var (browser, cookies) = await site.SignInAsync("pat", WebRole.ReadOnly);
        var (_, elsewhere) = await site.SignInAsync("pat", null);
        using var copy = site.Client(elsewhere.GetAllCookies());
        using var other = site.Client(elsewhere.GetAllCookies());

        using var wrong = await SetupSite.SubmitAsync(browser, "/account", null,
            [new("current", "not my password!"), new("password", "a brand new secret"), new("confirmation", "a brand new secret")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        using var changed = await SetupSite.SubmitAsync(browser, "/account", null,
            [new("current", SetupSite.Password), new("password", "a brand new secret"), new("confirmation", "a brand new secret")]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Contains("1 other session was signed out", await browser.GetStringAsync("/account"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/")).StatusCode);
        Assert.Null((await site.Accounts.SignInAsync("pat", SetupSite.Password, IPAddress.Loopback, CancellationToken.None)).User);
        Assert.NotNull((await site.Accounts.SignInAsync("pat", "a brand new secret", IPAddress.Loopback, CancellationToken.None)).User);
        browser.Dispose();
    }

    [Fact]
    public async Task An_admin_removes_a_user_who_is_signed_out_at_once_but_not_themselves_nor_the_last_admin()
    {
        var (admin, _) = await site.SignInAsync("root", WebRole.Admin);
        var (_, victimCookies) = await site.SignInAsync("leaver", WebRole.ReadOnly);
        using var leaver = site.Client(victimCookies.GetAllCookies());
        var users = await site.Accounts.ListAsync(CancellationToken.None);

        using var removed = await SetupSite.SubmitAsync(admin, "/users", "Remove", [new("id", users.Single(u => u.UserName == "leaver").Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("leaver is removed and signed out.", await admin.GetStringAsync("/users"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await leaver.GetAsync("/")).StatusCode);

        using var self = await SetupSite.SubmitAsync(admin, "/users", "Remove", [new("id", users.Single(u => u.UserName == "root").Id.ToString())]);
        Assert.Contains("You can&#x27;t remove your own account", await admin.GetStringAsync("/users"), StringComparison.Ordinal);
        Assert.Contains(await site.Accounts.ListAsync(CancellationToken.None), u => u.UserName == "root");
        admin.Dispose();
    }

    [Fact]
    public async Task Failed_sign_ins_lock_the_account_out_until_the_lockout_ends()
    {
        await site.Accounts.AddUserAsync("lockme", SetupSite.Password, WebRole.ReadOnly, CancellationToken.None);
        using var client = site.Client([]);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await SignInAsync(client, "lockme", "not the password", from: "192.0.2.10");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var fifth = await SignInAsync(client, "lockme", "not the password", from: "192.0.2.10");
        using var right = await SignInAsync(client, "lockme", SetupSite.Password, from: "192.0.2.11");

        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), right.Headers.RetryAfter!.Delta);
        Assert.Contains("Too many failed sign-ins", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        site.Time.Advance(TimeSpan.FromMinutes(15));
        using var later = await SignInAsync(client, "lockme", SetupSite.Password, from: "192.0.2.11");
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task An_address_with_many_failures_is_locked_out_for_every_name_behind_the_proxy()
    {
        using var client = site.Client([]);
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await SignInAsync(client, $"guess{i}", "not the password", from: "203.0.113.99");
            Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
        }

        await site.Accounts.AddUserAsync("innocent", SetupSite.Password, WebRole.ReadOnly, CancellationToken.None);
        using var fromThere = await SignInAsync(client, "innocent", SetupSite.Password, from: "203.0.113.99");
        using var fromElsewhere = await SignInAsync(client, "innocent", SetupSite.Password, from: "203.0.113.100");

        Assert.Equal(HttpStatusCode.TooManyRequests, fromThere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fromElsewhere.StatusCode);
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("127.0.0.1.nip.io", HttpStatusCode.BadRequest)]
    [InlineData("cpqsync.example.com", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.OK)]
    public async Task Only_allowed_host_names_are_answered(string host, HttpStatusCode expected)
    {
        using var client = site.Client([]);

        using var login = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/login") { Headers = { Host = host } });
        using var health = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = host } });

        Assert.Equal(expected, login.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, health.StatusCode != HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Metrics_answers_only_with_its_bearer_token()
    {
        using var client = site.Client([]);

        using var anonymous = await client.GetAsync("/metrics");
        using var wrong = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "a-metrics-token-of-32-characterz") },
        });
        using var right = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", MetricsToken) },
        });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Behind_the_proxy_https_requests_get_hsts_and_plain_ones_do_not()
    {
        using var client = site.Client([]);

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/login") { Headers = { Host = "cpqsync.example.com" } };
        forwarded.Headers.Add("X-Forwarded-Proto", "https");
        using var https = await client.SendAsync(forwarded);
        using var http = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/login") { Headers = { Host = "cpqsync.example.com" } });

        Assert.Equal("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(http.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_failed_sign_in_is_logged_with_the_name_and_address_but_never_the_password()
    {
        var log = new ListLogger();
        var accounts = new WebAccounts(
            site.Services.GetRequiredService<IWebUserStore>(), site.Services.GetRequiredService<SignInThrottle>(),
            site.Services.GetRequiredService<SetupCode>(), log);

        await accounts.SignInAsync("first-admin", "my secret guess", IPAddress.Parse("192.0.2.77"), CancellationToken.None);

        var entry = Assert.Single(log.Entries);
        Assert.Equal((LogLevel.Warning, 1601), (entry.Level, entry.EventId.Id));
        Assert.Equal("Sign-in failed for first-admin from 192.0.2.77", entry.Message);
        Assert.Contains(entry.State, p => p.Key == "UserName" && (string?)p.Value == "first-admin");
        Assert.Contains(entry.State, p => p.Key == "RemoteAddress" && Equals(p.Value, IPAddress.Parse("192.0.2.77")));
        Assert.DoesNotContain(entry.State, p => p.Value?.ToString()?.Contains("my secret guess", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_error_reference_is_served_anonymously_with_an_entry_for_every_code()
    {
        using var client = site.Client([]);

        using var response = await client.GetAsync(ErrorReference.WebPath);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var code in ErrorReference.Codes)
        {
            var name = ErrorCatalogue.CodeName(code);
            Assert.Contains($"id=\"{ErrorReference.Anchor(name)}\"", html, StringComparison.Ordinal);
            Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(ErrorHints.For(code)), html, StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string from)
    {
        var html = await client.GetStringAsync("/login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(
                [.. SetupSite.PageHiddenFields(html), new("userName", userName), new("password", password)]),
            Headers = { { "X-Forwarded-For", from } },
        };
        return await client.SendAsync(request);
    }

    /// <summary>One <c>serve --sandbox</c> behind a pretend proxy, with a metrics token and a clock the tests move.</summary>
    public sealed class Site : IAsyncLifetime
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cpqsync-security-");
        private readonly ServeLog _log = new();
        private ServeHost? _host;

        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        public IServiceProvider Services => _host!.Services;

        public WebAccounts Accounts => Services.GetRequiredService<WebAccounts>();

        public async Task InitializeAsync()
        {
            _host = await ServeRun.StartSandboxAsync(
                _directory,
                """{ "preferences": { "live_sync": false } }""",
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["CPQSYNC_Serve__MetricsToken"] = MetricsToken,
                    ["CPQSYNC_Serve__ForwardedHeaders"] = "true",
                    ["CPQSYNC_Serve__AllowedHosts"] = "cpqsync.example.com;localhost;127.0.0.1",
                },
                Time,
                _log);
            await Accounts.CreateFirstAdminAsync("first-admin", SetupSite.Password, _log.SetupCode, null, CancellationToken.None);
        }

        public HttpClient Client(IEnumerable<Cookie> cookies)
        {
            var container = new CookieContainer();
            foreach (var cookie in cookies)
            {
                container.Add(cookie);
            }

            return new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = container }) { BaseAddress = _host!.BaseUrl };
        }

        /// <summary>A browser-like client signed in as this account (created with that role unless <paramref name="role"/> is null).</summary>
        public async Task<(HttpClient Client, CookieContainer Cookies)> SignInAsync(string userName, WebRole? role)
        {
            if (role is { } given)
            {
                await Accounts.AddUserAsync(userName, SetupSite.Password, given, CancellationToken.None);
            }

            var cookies = new CookieContainer();
            var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = _host!.BaseUrl };
            using var signedIn = await SetupSite.SubmitAsync(client, "/login", null, [new("userName", userName), new("password", SetupSite.Password)]);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            return (client, cookies);
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }

            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A late SQLite handle only delays the temp folder's cleanup.
            }
        }
    }
}

/// <summary>A logger that keeps what it is given, structured properties included.</summary>
internal sealed class ListLogger : ILogger<WebAccounts>
{
    public List<(LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Entries.Add((logLevel, eventId, formatter(state, exception), state is IEnumerable<KeyValuePair<string, object?>> pairs ? [.. pairs] : []));
    }
}
