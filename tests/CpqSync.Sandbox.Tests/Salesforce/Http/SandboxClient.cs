using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

/// <summary>A running sandbox on a free loopback port and a plain HttpClient talking to it.</summary>
internal sealed class SandboxClient : IAsyncDisposable
{
    public const string Version = "v60.0";

    private SandboxClient(SalesforceSandboxServer server)
    {
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseUrl };
    }

    public SalesforceSandboxServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>Account gets an external id field, as a customer's org would have, for upserts.</summary>
    public static SalesforceOrgOptions OrgWithExternalId() => new()
    {
        ExtraSchema =
        [
            new SObjectSchema("Account", "Account", "Accounts", "001", false,
                [new FieldSchema { Name = "Test_External_Id__c", Label = "External Id", Type = FieldType.String, Length = 50,
                    ExternalId = true, Unique = true, Custom = true }],
                []),
        ],
    };

    public static async Task<SandboxClient> StartAsync(SalesforceSandboxOptions? options = null, TimeProvider? time = null)
    {
        options ??= new SalesforceSandboxOptions { Org = OrgWithExternalId() };
        var server = await SalesforceSandboxServer.StartAsync(options, time ?? TimeProvider.System, CancellationToken.None);
        return new SandboxClient(server);
    }

    public static async Task<SandboxClient> StartLoggedInAsync(SalesforceSandboxOptions? options = null)
    {
        var client = await StartAsync(options);
        await client.LoginAsync();
        return client;
    }

    public Dictionary<string, string> PasswordGrant() => new()
    {
        ["grant_type"] = "password",
        ["client_id"] = Server.Credentials.ClientId,
        ["client_secret"] = Server.Credentials.ClientSecret,
        ["username"] = Server.Credentials.Username,
        ["password"] = Server.Credentials.Password,
    };

    public async Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form) =>
        await Http.PostAsync("/services/oauth2/token", new FormUrlEncodedContent(form));

    /// <summary>Logs in with the password grant and sends the access token on every later request.</summary>
    public async Task<JsonObject> LoginAsync()
    {
        var response = await TokenAsync(PasswordGrant());
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        UseToken((string)token["access_token"]!);
        return token;
    }

    public void UseToken(string accessToken) =>
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? rawBody = null)
    {
        var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : $"/services/data/{Version}/{path}");
        if (body is not null || rawBody is not null)
        {
            request.Content = new StringContent(rawBody ?? body!.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>Sends a request and returns its status and JSON body (null when empty).</summary>
    public async Task<(int Status, JsonNode? Body)> JsonAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<string> CreateAccountAsync(string name)
    {
        var (status, body) = await JsonAsync(HttpMethod.Post, "sobjects/Account", new JsonObject { ["Name"] = name });
        Assert.Equal(201, status);
        return (string)body!["id"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
