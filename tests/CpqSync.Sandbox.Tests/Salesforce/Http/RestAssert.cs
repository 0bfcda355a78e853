using System.Net;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

internal static class RestAssert
{
    /// <summary>Asserts Salesforce's error array: the status, and the first error's code (and message when given).</summary>
    public static async Task ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode, string? message = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!.AsArray()[0]!;
        Assert.Equal(errorCode, (string?)error["errorCode"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)error["message"]);
        }
    }

    public static Task InvalidSessionAsync(HttpResponseMessage response) =>
        ErrorAsync(response, HttpStatusCode.Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid");
}
