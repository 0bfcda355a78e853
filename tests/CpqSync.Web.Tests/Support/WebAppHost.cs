using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Hosting;
using CpqSync.Hosting.Serve;
using CpqSync.Tests.Support;
using CpqSync.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Web.Tests.Support;

/// <summary>
/// <c>cpqsync serve --sandbox</c> started in-process (the embedded sandbox with its demo seed, a throwaway SQLite store,
/// the engine and the web app on a free loopback port), with live sync off so that only the tests sync orders.
/// </summary>
public class WebAppHost : IAsyncLifetime
{
    private const string LiveSyncOff = """
        { "preferences": { "live_sync": false } }
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cpqsync-web-");
    private readonly ServeLog _log = new();
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _seed;
    private ServeHost? _serve;
    private Dictionary<string, string>? _orders;

    public WebAppHost()
        : this(TimeProvider.System)
    {
    }

    /// <param name="time">The host's clock: the system's, or one a test moves (<see cref="ClockedWebAppHost"/>).</param>
    /// <param name="settings">More settings, as <c>CPQSYNC_</c> variables.</param>
    protected WebAppHost(TimeProvider time, IReadOnlyDictionary<string, string>? settings = null)
        : this(time, EmbeddedSandbox.DefaultSeed, settings)
    {
    }

    /// <param name="seed">The sandbox org's seed (<c>scale:N</c> for lists of many orders).</param>
    /// <param name="settings">More settings, as <c>CPQSYNC_</c> variables.</param>
    protected WebAppHost(TimeProvider time, string seed, IReadOnlyDictionary<string, string>? settings = null)
    {
        _time = time;
        _seed = seed;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public Uri BaseUrl => _serve!.BaseUrl;

    public IServiceProvider Services => _serve!.Services;

    /// <summary>The embedded sandbox (its Stripe API can be stopped, as an outage).</summary>
    public EmbeddedSandbox Sandbox => _serve!.Sandbox!;

    /// <summary>The one-time set-up code <c>serve</c> printed at start-up, read off its log as the operator reads its console.</summary>
    public string SetupCode => _log.SetupCode;

    /// <summary>The admin account (<see cref="SignIn.AdminName"/>), created with the set-up code unless it exists.</summary>
    public Task EnsureAdminAsync() =>
        Services.GetRequiredService<WebAccounts>().CreateFirstAdminAsync(SignIn.AdminName, SignIn.AdminPassword, SetupCode, null, CancellationToken.None);

    /// <summary>A demo order's id, by the description the seed gives it.</summary>
    public string Order(string description) => _orders![description];

    public async Task InitializeAsync()
    {
        var file = Path.Combine(_directory.FullName, "cpqsync-config.json");
        await File.WriteAllTextAsync(file, LiveSyncOff);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Serve__Urls"] = "http://127.0.0.1:0",
            ["CPQSYNC_Sync__ConfigurationFile"] = file,
            ["CPQSYNC_Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in _settings)
        {
            variables[name] = value;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _serve = await ServeHost.StartAsync(
            new HostRequest(new CliEnvironment(variables, _directory.FullName), null, UseSandbox: true, SandboxSeed: _seed), _time, _log, timeout.Token);
        _orders = await ReadOrdersAsync(_serve.Sandbox!);
    }

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }

        _directory.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Activates a demo draft order through the Salesforce API, as a user in Salesforce would.</summary>
    public async Task ActivateOrderAsync(string description)
    {
        var (http, instanceUrl) = await SalesforceAsync(_serve!.Sandbox!);
        using (http)
        {
            using var response = await http.PatchAsJsonAsync(
                $"{instanceUrl}/services/data/v62.0/sobjects/Order/{Order(description)}", new JsonObject { ["Status"] = "Activated" });
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Runs a SOQL query in the sandbox org as its API user (what a user would see in Salesforce); its records.</summary>
    public async Task<JsonArray> QueryAsync(string soql)
    {
        var (http, instanceUrl) = await SalesforceAsync(_serve!.Sandbox!);
        using (http)
        {
            var result = await http.GetFromJsonAsync<JsonObject>($"{instanceUrl}/services/data/v62.0/query?q={Uri.EscapeDataString(soql)}");
            return result!["records"]!.AsArray();
        }
    }

    private static async Task<Dictionary<string, string>> ReadOrdersAsync(EmbeddedSandbox sandbox)
    {
        var (http, instanceUrl) = await SalesforceAsync(sandbox);
        using (http)
        {
            var result = await http.GetFromJsonAsync<JsonObject>($"{instanceUrl}/services/data/v62.0/query?q=SELECT+Id,Description+FROM+Order");
            return result!["records"]!.AsArray()
                .Where(r => r!["Description"] is not null)
                .ToDictionary(r => (string)r!["Description"]!, r => (string)r!["Id"]!, StringComparer.Ordinal);
        }
    }

    /// <summary>An HTTP client signed in to the sandbox org as its API user, and the org's instance URL.</summary>
    private static async Task<(HttpClient Http, string InstanceUrl)> SalesforceAsync(EmbeddedSandbox sandbox)
    {
        var login = sandbox.Salesforce.BaseUrl.ToString().TrimEnd('/');
        var credentials = sandbox.Salesforce.Credentials;
        var http = new HttpClient();
        var token = await http.PostAsync($"{login}/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["username"] = credentials.Username,
            ["password"] = credentials.Password,
        }));
        var session = (await token.Content.ReadFromJsonAsync<JsonObject>())!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)session["access_token"]!);
        return (http, (string)session["instance_url"]!);
    }
}

/// <summary><see cref="WebAppHost"/> on an org seeded with 2,000 orders (<c>scale:2000</c>), for paging through long lists.</summary>
public sealed class ScaleWebAppHost() : WebAppHost(TimeProvider.System, "scale:2000");

/// <summary>
/// <see cref="WebAppHost"/> on a clock the tests move (lockouts, session expiry) instead of waiting: it starts at the
/// real time and only moves when told, so nothing that waits on a timer (live sync, retries) runs.
/// </summary>
public sealed class ClockedWebAppHost() : WebAppHost(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow))
{
    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => (Microsoft.Extensions.Time.Testing.FakeTimeProvider)Services.GetRequiredService<TimeProvider>();
}

/// <summary><see cref="WebAppHost"/> whose Stripe reads fail at once (no retries) when a test stops the Stripe sandbox.</summary>
public sealed class NoRetryWebAppHost() : WebAppHost(
    TimeProvider.System, new Dictionary<string, string>(StringComparer.Ordinal) { ["CPQSYNC_Stripe__MaxRetryAttempts"] = "0" });
