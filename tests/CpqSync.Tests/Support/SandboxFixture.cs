using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Hosting;

namespace CpqSync.Tests.Support;

/// <summary>One embedded sandbox (demo seed) on free loopback ports, shared by tests that only read it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private EmbeddedSandbox? _sandbox;
    private Dictionary<string, string>? _orders;

    internal EmbeddedSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The settings that connect CpqSync to this sandbox, as configuration keys (<c>Salesforce:ClientId</c>).</summary>
    internal IReadOnlyDictionary<string, string> Settings =>
        Sandbox.Settings.ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);

    /// <summary>The same settings as <c>CPQSYNC_</c> environment variables.</summary>
    internal Dictionary<string, string> Variables =>
        Settings.ToDictionary(s => "CPQSYNC_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal);

    internal string ClientSecret => Sandbox.Salesforce.Credentials.ClientSecret;

    internal string Password => Sandbox.Salesforce.Credentials.Password;

    /// <summary>The demo order's id, by the description the seed gives it.</summary>
    internal string Order(string description) => _orders![description];

    public async Task InitializeAsync()
    {
        _sandbox = await EmbeddedSandbox.StartAsync(TimeProvider.System, CancellationToken.None);
        _orders = await ReadOrdersAsync(_sandbox);
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
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
        var result = await http.GetFromJsonAsync<JsonObject>($"{login}/services/data/v62.0/query?q=SELECT+Id,Description+FROM+Order");
        return result!["records"]!.AsArray().ToDictionary(r => (string)r!["Description"]!, r => (string)r!["Id"]!, StringComparer.Ordinal);
    }
}
