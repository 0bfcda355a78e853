using System.Net;
using System.Text.RegularExpressions;
using CpqSync.Hosting;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Tests.Support;
using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Setup;

/// <summary>
/// <c>cpqsync serve --sandbox</c> started in-process on a free loopback port, with browser-like clients that sign in
/// through the login page: the first one creates the admin account.
/// </summary>
internal sealed partial class SetupSite : IAsyncDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly ServeHost _host;
    private readonly string _directory;
    private readonly ServeLog _log;

    private SetupSite(ServeHost host, string directory, ServeLog log)
    {
        _host = host;
        _directory = directory;
        _log = log;
    }

    public EmbeddedSandbox Sandbox => _host.Sandbox!;

    public Uri BaseUrl => _host.BaseUrl;

    public IServiceProvider Services => _host.Services;

    /// <summary>Live sync off, so that nothing syncs behind the tests' backs; the org's settings come from detection.</summary>
    private const string LiveSyncOff = """
        { "preferences": { "live_sync": false } }
        """;

    public static async Task<SetupSite> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cpqsync-setup-");
        var log = new ServeLog();
        var host = await ServeRun.StartSandboxAsync(directory, LiveSyncOff, log: log);
        await WaitForOrgFactsAsync(host.Services.GetRequiredService<SetupConnection>());
        return new SetupSite(host, directory.FullName, log);
    }

    /// <summary>
    /// Waits for the worker's first pass to detect the org and store its facts (a new version of the document), so that
    /// the tests start from a document nothing changes behind their backs.
    /// </summary>
    private static async Task WaitForOrgFactsAsync(SetupConnection connection)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        while ((await connection.LoadAsync(CancellationToken.None)).Document.Org is null)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("serve --sandbox never detected the sandbox org's facts.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// <c>cpqsync serve</c> as a new customer starts it: no Salesforce or Stripe settings at all, an empty store in a
    /// temporary folder, and <c>Setup:AllowLoopbackEndpoints</c> so the wizard accepts a sandbox on loopback.
    /// </summary>
    public static async Task<SetupSite> StartWithNothingAsync()
    {
        var directory = Directory.CreateTempSubdirectory("cpqsync-nothing-");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Serve__Urls"] = "http://127.0.0.1:0",
            ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "cpqsync.db")}",
            ["CPQSYNC_Setup__AllowLoopbackEndpoints"] = "true",
            ["CPQSYNC_Logging__LogLevel__Default"] = "Warning",
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var log = new ServeLog();
        var host = await ServeHost.StartAsync(
            new HostRequest(new CliEnvironment(variables, directory.FullName), null, UseSandbox: false), TimeProvider.System, log, timeout.Token);
        return new SetupSite(host, directory.FullName, log);
    }

    /// <summary>The set-up code <c>serve</c> printed at start-up, read off its log as the operator reads its console.</summary>
    public string SetupCode => _log.SetupCode;

    /// <summary>
    /// A browser-like client (cookies kept, redirects not followed) signed in as a new user of that role; the first admin
    /// is created through the login page with the set-up code from the log.
    /// </summary>
    public async Task<HttpClient> SignInAsync(WebRole role = WebRole.Admin, string name = "ada")
    {
        var accounts = Services.GetRequiredService<WebAccounts>();
        var client = Anonymous();
        if (!await accounts.AnyUserAsync(CancellationToken.None) && role == WebRole.Admin)
        {
            using var created = await SubmitAsync(client, "login", "CreateAdmin", [new("userName", name), new("password", Password), new("confirmation", Password), new("setupCode", SetupCode)]);
            EnsureRedirect(created);
            return client;
        }

        await accounts.AddUserAsync(name, Password, role, CancellationToken.None);
        using var signedIn = await SubmitAsync(client, "login", null, [new("userName", name), new("password", Password)]);
        EnsureRedirect(signedIn);
        return client;
    }

    /// <summary>A browser-like client that has not signed in.</summary>
    public HttpClient Anonymous() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseUrl };

    public Task<ConnectionSecrets> SecretsAsync() => Services.GetRequiredService<SetupConnection>().GetSecretsAsync(CancellationToken.None);

    private static void EnsureRedirect(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}.");
        }
    }

    /// <summary>
    /// GETs a page and posts its form back as a browser would: its hidden fields (the anti-forgery token, the version
    /// the page was read at) with <paramref name="fields"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string page, string? handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var given = fields.ToList();
        var form = PageHiddenFields(html).Where(h => given.All(g => g.Key != h.Key)).Concat(given);
        var target = handler is null ? page : $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";
        return await client.PostAsync(new Uri(target, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    /// <summary>Hidden inputs as the tag helpers render them (any attribute order).</summary>
    public static IEnumerable<KeyValuePair<string, string>> PageHiddenFields(string html) =>
        InputPattern().Matches(html)
            .Select(static m => m.Value)
            .Where(static tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            .Select(static tag => new KeyValuePair<string, string>(
                WebUtility.HtmlDecode(AttributePattern("name").Match(tag).Groups[1].Value),
                WebUtility.HtmlDecode(AttributePattern("value").Match(tag).Groups[1].Value)))
            .DistinctBy(static f => f.Key);

    private static Regex AttributePattern(string name) => new($" {name}=\"([^\"]*)\"");

    public static string Token(string html) => TokenPattern().Match(html) is { Success: true } m
        ? WebUtility.HtmlDecode(m.Groups[1].Value)
        : throw new InvalidOperationException("The page has no anti-forgery token.");

    /// <summary>The "Continue to Salesforce" link the Authorize step shows once the flow has started.</summary>
    public static Uri ContinueUrl(string html) => ContinuePattern().Match(html) is { Success: true } m
        ? new Uri(WebUtility.HtmlDecode(m.Groups[1].Value))
        : throw new InvalidOperationException("The page has no link to continue to Salesforce.");

    /// <summary>The hidden fields of an HTML form (the sandbox's consent page).</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html) =>
        [.. HiddenPattern().Matches(html).Select(static m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))];

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Nothing of ours is left in it; a late handle only delays the temp folder's cleanup.
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"continue-to-salesforce\" class=\"button\" href=\"([^\"]+)\"")]
    private static partial Regex ContinuePattern();

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenPattern();
}
