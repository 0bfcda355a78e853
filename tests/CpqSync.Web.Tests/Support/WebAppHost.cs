using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Engine.Sync;
using CpqSync.Hosting;
using CpqSync.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Web.Tests.Support;

/// <summary>
/// The web app as <c>serve --sandbox</c> hosts it: the embedded sandbox (demo seed), a SQLite store in a temp folder,
/// the engine, the connection bootstrapped with live sync off, and the web app on a free loopback port.
/// </summary>
public sealed class WebAppHost : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cpqsync-web-").FullName;
    private EmbeddedSandbox? _sandbox;
    private WebApplication? _app;
    private Dictionary<string, string>? _orders;

    public Uri BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>A demo order's id, by the description the seed gives it.</summary>
    public string Order(string description) => _orders![description];

    public async Task InitializeAsync()
    {
        _sandbox = await EmbeddedSandbox.StartAsync(TimeProvider.System, CancellationToken.None);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _directory, EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(_sandbox.Settings.Concat(
        [
            new("Storage:Provider", "sqlite"),
            new("Storage:ConnectionString", $"Data Source={Path.Combine(_directory, "cpqsync.db")}"),
        ]));
        builder.Services.AddCpqSyncHostServices(builder.Configuration, TimeProvider.System);
        builder.Services.AddOrderSync();
        builder.AddCpqSyncWeb();
        _app = builder.Build();
        // The host's health check, anonymous as serve maps it.
        _app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        _app.MapCpqSyncWeb();
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await ConnectionBootstrap.OpenAsync(_app.Services, EmbeddedSandbox.DemoDocument with { LiveSync = false }, CancellationToken.None);
        _orders = await ReadOrdersAsync(_sandbox);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<Dictionary<string, string>> ReadOrdersAsync(EmbeddedSandbox sandbox)
    {
        var login = sandbox.Salesforce.BaseUrl.ToString().TrimEnd('/');
        var credentials = sandbox.Salesforce.Credentials;
        using var http = new HttpClient();
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
        var result = await http.GetFromJsonAsync<JsonObject>($"{(string)session["instance_url"]!}/services/data/v62.0/query?q=SELECT+Id,Description+FROM+Order");
        return result!["records"]!.AsArray()
            .Where(r => r!["Description"] is not null)
            .ToDictionary(r => (string)r!["Description"]!, r => (string)r!["Id"]!, StringComparer.Ordinal);
    }
}
