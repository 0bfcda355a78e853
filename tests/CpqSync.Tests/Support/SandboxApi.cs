using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CpqSync.Hosting;

namespace CpqSync.Tests.Support;

/// <summary>The embedded sandbox's Salesforce REST API as a test (or a user in Salesforce) uses it.</summary>
internal static class SandboxApi
{
    public const string DataPath = "services/data/v62.0/";

    /// <summary>An HTTP client logged in to the sandbox org (username-password flow), based at its instance.</summary>
    public static async Task<HttpClient> SalesforceAsync(EmbeddedSandbox sandbox)
    {
        var login = sandbox.Salesforce.BaseUrl;
        var credentials = sandbox.Salesforce.Credentials;
        var http = new HttpClient { BaseAddress = login };
        using var token = await http.PostAsync("services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["username"] = credentials.Username,
            ["password"] = credentials.Password,
        }));
        var session = (await token.Content.ReadFromJsonAsync<JsonObject>())!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)session["access_token"]!);
        return http;
    }

    /// <summary>The demo orders' ids by the description the seed gives them.</summary>
    public static async Task<Dictionary<string, string>> OrdersAsync(EmbeddedSandbox sandbox)
    {
        using var http = await SalesforceAsync(sandbox);
        var result = await http.GetFromJsonAsync<JsonObject>($"{DataPath}query?q=SELECT+Id,Description+FROM+Order");
        return result!["records"]!.AsArray().ToDictionary(r => (string)r!["Description"]!, r => (string)r!["Id"]!, StringComparer.Ordinal);
    }

    /// <summary>Activates an order, as a user does in Salesforce.</summary>
    public static async Task ActivateOrderAsync(EmbeddedSandbox sandbox, string orderId)
    {
        using var http = await SalesforceAsync(sandbox);
        using var response = await http.PatchAsJsonAsync($"{DataPath}sobjects/Order/{orderId}", new JsonObject { ["Status"] = "Activated" });
        response.EnsureSuccessStatusCode();
    }
}
