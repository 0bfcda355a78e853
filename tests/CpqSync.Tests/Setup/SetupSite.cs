using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using CpqSync.Core.Configuration;
using CpqSync.Engine;
using CpqSync.Hosting;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.Sqlite;
using CpqSync.Web;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Tests.Setup;

/// <summary>
/// The setup wizard's pages served on loopback against the embedded sandbox, with a SQLite store in a temporary
/// folder. Requests say who they are with an <c>X-Test-User</c> header (<c>name;role</c>) until the web app's
/// sign-in is merged; without it they are anonymous.
/// </summary>
internal sealed partial class SetupSite : IAsyncDisposable
{
    public const string UserHeader = "X-Test-User";

    private readonly WebApplication _app;
    private readonly string _directory;

    private SetupSite(WebApplication app, EmbeddedSandbox sandbox, Uri baseUrl, string directory)
    {
        _app = app;
        Sandbox = sandbox;
        BaseUrl = baseUrl;
        _directory = directory;
    }

    public EmbeddedSandbox Sandbox { get; }

    public Uri BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SetupSite> StartAsync()
    {
        var sandbox = await EmbeddedSandbox.StartAsync(TimeProvider.System, CancellationToken.None);
        var directory = Directory.CreateTempSubdirectory("cpqsync-setup-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(sandbox.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "cpqsync.db")}",
            ["Storage:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var services = builder.Services;
        services.AddSalesforceClient(builder.Configuration);
        services.AddCpqSyncStorage(builder.Configuration).AddSqlite();
        services.AddSyncEngine();
        services.AddSetupWizard();
        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages").AddApplicationPart(typeof(WebApp).Assembly);
        services.AddAuthentication(HeaderUser.Name).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.Name, null);
        services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        await app.StartAsync();
        // As serve --sandbox's bootstrap does: the connection starts with the demo org's configuration.
        await app.Services.GetRequiredService<ISyncStore>().CreateConnectionAsync(
            new NewSyncConnection(SetupConnection.DefaultName, null, null, ConfigurationJson.Save(EmbeddedSandbox.DemoConfiguration)), CancellationToken.None);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SetupSite(app, sandbox, new Uri(address.TrimEnd('/') + "/"), directory);
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed, signed in as <paramref name="role"/> (or anonymous).</summary>
    public HttpClient Client(string? role = SetupAccess.AdminRole, string name = "ada")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = BaseUrl };
        if (role is not null)
        {
            client.DefaultRequestHeaders.Add(UserHeader, $"{name};{role}");
        }

        return client;
    }

    public Task<ConnectionSecrets> SecretsAsync() => Services.GetRequiredService<SetupConnection>().GetSecretsAsync(CancellationToken.None);

    /// <summary>
    /// GETs a page and posts its form back as a browser would: its hidden fields (the anti-forgery token, the version
    /// the page was read at) with <paramref name="fields"/>.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var given = fields.ToList();
        var form = PageHiddenFields(html).Where(h => given.All(g => g.Key != h.Key)).Concat(given);
        return await client.PostAsync(new Uri($"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}", UriKind.Relative), new FormUrlEncodedContent(form));
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

    /// <summary>The hidden fields of an HTML form (the sandbox's consent page).</summary>
    public static List<KeyValuePair<string, string>> HiddenFields(string html) =>
        [.. HiddenPattern().Matches(html).Select(static m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value)))];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Sandbox.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenPattern();

    /// <summary>Authenticates a request from its <c>X-Test-User: name;role</c> header.</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(UserHeader, out var value) || value.ToString().Split(';') is not [var name, var role])
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
