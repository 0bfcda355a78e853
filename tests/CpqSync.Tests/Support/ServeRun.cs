using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Hosting;
using CpqSync.Hosting.Serve;
using CpqSync.Storage;
using CpqSync.Tests.Setup;
using CpqSync.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Support;

/// <summary>Starts <c>serve --sandbox</c> in-process on a free port, with live sync polling every second.</summary>
internal static class ServeRun
{
    public const string FastLiveSync = """
        { "preferences": { "live_sync": true, "polling_interval": "00:00:01" } }
        """;

    /// <param name="settings">More settings, as <c>CPQSYNC_</c> variables (<c>CPQSYNC_Serve__MetricsToken</c>).</param>
    /// <param name="time">The host's clock (the system's unless a test moves it).</param>
    /// <param name="log">Where the test reads the host's log (its set-up code).</param>
    public static async Task<ServeHost> StartSandboxAsync(
        DirectoryInfo workingDirectory, string document = FastLiveSync, IReadOnlyDictionary<string, string>? settings = null, TimeProvider? time = null,
        ServeLog? log = null)
    {
        var file = Path.Combine(workingDirectory.FullName, "cpqsync-config.json");
        await File.WriteAllTextAsync(file, document);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Serve__Urls"] = "http://127.0.0.1:0",
            ["CPQSYNC_Sync__ConfigurationFile"] = file,
            ["CPQSYNC_Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var request = new HostRequest(new CliEnvironment(variables, workingDirectory.FullName), null, UseSandbox: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await ServeHost.StartAsync(request, time ?? TimeProvider.System, log, timeout.Token);
    }

    /// <summary>
    /// A client signed in through the login page as a new read-only user (what <c>/healthz</c> shows in full): a monitoring
    /// user an admin added, not the admin, so the host needs no set-up code.
    /// </summary>
    public static async Task<HttpClient> SignedInAsync(ServeHost serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        await serve.Services.GetRequiredService<WebAccounts>().AddUserAsync("monitor", SetupSite.Password, WebRole.ReadOnly, CancellationToken.None);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = serve.BaseUrl };
        using var signedIn = await SetupSite.SubmitAsync(client, "login", null, [new("userName", "monitor"), new("password", SetupSite.Password)]);
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in answered {(int)signedIn.StatusCode}.");
        }

        return client;
    }

    /// <summary>Reads <c>/healthz</c> until <paramref name="done"/> holds for it (the engine works in the background).</summary>
    public static async Task<JsonObject> WaitForHealthAsync(HttpClient http, Func<JsonObject, bool> done, TimeSpan? within = null)
    {
        var deadline = DateTimeOffset.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var health = (await http.GetFromJsonAsync<JsonObject>("/healthz"))!;
            if (done(health))
            {
                return health;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"/healthz never showed what the test waits for: {health.ToJsonString()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
