using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Sandbox.Salesforce;
using Microsoft.Extensions.Time.Testing;

namespace CpqSync.Sandbox.Tests.Salesforce.Http;

public class OAuthTests
{
    [Fact]
    public async Task Password_grant_returns_a_signed_token_response_that_opens_the_REST_API()
    {
        await using var sandbox = await SandboxClient.StartAsync();

        var token = await sandbox.LoginAsync();

        Assert.Equal("Bearer", (string?)token["token_type"]);
        Assert.Equal(sandbox.Server.BaseUrl.ToString().TrimEnd('/'), (string?)token["instance_url"]);
        var id = (string)token["id"]!;
        Assert.Equal($"{token["instance_url"]}/id/{sandbox.Server.Org.Info.OrganizationId}/{sandbox.Server.Org.Info.ApiUser.Id}", id);
        Assert.Null(token["refresh_token"]);
        var issuedAt = (string)token["issued_at"]!;
        Assert.Matches("^[0-9]{13}$", issuedAt);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(sandbox.Server.Credentials.ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt)));
        Assert.Equal(expected, (string?)token["signature"]);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("sobjects")).StatusCode);
    }

    [Theory]
    [InlineData("client_id", "nope", "invalid_client_id", "client identifier invalid")]
    [InlineData("client_secret", "nope", "invalid_client", "invalid client credentials")]
    [InlineData("password", "nope", "invalid_grant", "authentication failure")]
    [InlineData("username", "someone@else.example", "invalid_grant", "authentication failure")]
    [InlineData("grant_type", "magic", "unsupported_grant_type", "grant type not supported")]
    public async Task Password_grant_errors_use_Salesforce_OAuth_error_bodies(string field, string value, string error, string description)
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var form = sandbox.PasswordGrant();
        form[field] = value;

        var response = await sandbox.TokenAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(error, (string?)body["error"]);
        Assert.Equal(description, (string?)body["error_description"]);
    }

    [Fact]
    public async Task Client_credentials_grant_runs_as_the_API_user()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var response = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["client_secret"] = sandbox.Server.Credentials.ClientSecret,
        });

        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.EndsWith(sandbox.Server.Org.Info.ApiUser.Id, (string)token["id"]!);
        sandbox.UseToken((string)token["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("limits")).StatusCode);
    }

    [Theory]
    [InlineData("S256")]
    [InlineData("plain")]
    public async Task Authorization_code_flow_with_PKCE_goes_through_the_consent_page(string method)
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var verifier = "verifier-" + new string('x', 50);
        var challenge = method == "S256" ? Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) : verifier;

        var location = await ConsentAsync(sandbox, "allow", challenge, method);

        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("xyz", query["state"]);
        var response = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["redirect_uri"] = "http://localhost:1717/OauthRedirect",
            ["code_verifier"] = verifier,
        });
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(token["refresh_token"]);

        var reused = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = query["code"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["redirect_uri"] = "http://localhost:1717/OauthRedirect",
            ["code_verifier"] = verifier,
        });
        Assert.Equal("invalid authorization code", (string?)(await reused.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]);
    }

    [Fact]
    public async Task Authorization_code_with_the_wrong_verifier_is_refused()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var challenge = Base64Url.EncodeToString(SHA256.HashData("right"u8));
        var location = await ConsentAsync(sandbox, "allow", challenge, "S256");

        var response = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = System.Web.HttpUtility.ParseQueryString(location.Query)["code"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["redirect_uri"] = "http://localhost:1717/OauthRedirect",
            ["code_verifier"] = "wrong",
        });

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("invalid_grant", (string?)body["error"]);
        Assert.Equal("invalid code verifier", (string?)body["error_description"]);
    }

    [Fact]
    public async Task Authorization_code_without_PKCE_needs_the_client_secret()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var location = await ConsentAsync(sandbox, "allow", null, null);

        var response = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = System.Web.HttpUtility.ParseQueryString(location.Query)["code"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["redirect_uri"] = "http://localhost:1717/OauthRedirect",
        });

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("invalid_client", (string?)body["error"]);
        Assert.Equal("invalid client credentials", (string?)body["error_description"]);
    }

    [Fact]
    public async Task Authorization_code_redeemed_with_another_callback_is_refused()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var location = await ConsentAsync(sandbox, "allow", null, null);

        var response = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = System.Web.HttpUtility.ParseQueryString(location.Query)["code"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["client_secret"] = sandbox.Server.Credentials.ClientSecret,
            ["redirect_uri"] = "http://localhost:9999/elsewhere",
        });

        Assert.Equal("redirect_uri_mismatch", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
    }

    [Fact]
    public async Task Client_secret_may_come_in_a_Basic_authorization_header()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var credentials = sandbox.Server.Credentials;
        var request = new HttpRequestMessage(HttpMethod.Post, "/services/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.ClientId}:{credentials.ClientSecret}")));

        var response = await sandbox.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Denying_consent_redirects_with_access_denied()
    {
        await using var sandbox = await SandboxClient.StartAsync();

        var location = await ConsentAsync(sandbox, "deny", null, null);

        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("access_denied", query["error"]);
        Assert.Equal("xyz", query["state"]);
        Assert.Null(query["code"]);
    }

    [Fact]
    public async Task Authorize_page_refuses_an_unknown_callback()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var url = $"/services/oauth2/authorize?response_type=code&client_id={Uri.EscapeDataString(sandbox.Server.Credentials.ClientId)}"
            + "&redirect_uri=https%3A%2F%2Fevil.example%2Fcb";

        var response = await sandbox.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("redirect_uri_mismatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_token_grant_issues_a_new_access_token_after_sessions_expire()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var location = await ConsentAsync(sandbox, "allow", null, null);
        var code = System.Web.HttpUtility.ParseQueryString(location.Query)["code"]!;
        var first = (await (await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["client_secret"] = sandbox.Server.Credentials.ClientSecret,
            ["redirect_uri"] = "http://localhost:1717/OauthRedirect",
        })).Content.ReadFromJsonAsync<JsonObject>())!;
        sandbox.Server.Faults.ExpireSessions();

        var refreshed = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = (string)first["refresh_token"]!,
            ["client_id"] = sandbox.Server.Credentials.ClientId,
            ["client_secret"] = sandbox.Server.Credentials.ClientSecret,
        });

        var token = (await refreshed.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotEqual((string?)first["access_token"], (string?)token["access_token"]);
        sandbox.UseToken((string)token["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("limits")).StatusCode);
        var bad = await sandbox.TokenAsync(new()
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = "not-a-token",
            ["client_id"] = sandbox.Server.Credentials.ClientId,
        });
        Assert.Equal("expired access/refresh token", (string?)(await bad.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]);
    }

    [Fact]
    public async Task Jwt_bearer_grant_accepts_an_assertion_signed_with_the_connected_app_key()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var assertion = Jwt(sandbox, sandbox.Server.Credentials.Username, sandbox.Server.BaseUrl.ToString().TrimEnd('/'), 300);

        var response = await sandbox.TokenAsync(JwtGrant(assertion));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]);
    }

    [Theory]
    [InlineData("audience", "audience is invalid")]
    [InlineData("expired", "expired authorization code")]
    [InlineData("signature", "invalid assertion")]
    [InlineData("user", "user hasn't approved this consumer")]
    public async Task Jwt_bearer_grant_refuses_bad_assertions(string fault, string description)
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var audience = fault == "audience" ? "https://login.salesforce.com" : sandbox.Server.BaseUrl.ToString();
        var user = fault == "user" ? "nobody@example.com" : sandbox.Server.Credentials.Username;
        var assertion = Jwt(sandbox, user, audience, fault == "expired" ? -60 : 300);
        if (fault == "signature")
        {
            assertion = assertion[..^4] + (assertion.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        }

        var response = await sandbox.TokenAsync(JwtGrant(assertion));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("invalid_grant", (string?)body["error"]);
        Assert.Equal(description, (string?)body["error_description"]);
    }

    [Fact]
    public async Task Revoked_token_gets_INVALID_SESSION_ID()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var token = await sandbox.LoginAsync();

        var revoke = await sandbox.Http.PostAsync("/services/oauth2/revoke",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = (string)token["access_token"]! }));
        var again = await sandbox.Http.PostAsync("/services/oauth2/revoke",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = (string)token["access_token"]! }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("invalid_token", (string?)(await again.Content.ReadFromJsonAsync<JsonObject>())!["error"]);
        await RestAssert.InvalidSessionAsync(await sandbox.GetAsync("sobjects"));
    }

    [Fact]
    public async Task Expired_token_gets_INVALID_SESSION_ID()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxClient.StartAsync(
            new SalesforceSandboxOptions { TokenLifetime = TimeSpan.FromMinutes(15), Org = SandboxClient.OrgWithExternalId() }, time);
        await sandbox.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await sandbox.GetAsync("limits")).StatusCode);

        time.Advance(TimeSpan.FromMinutes(16));

        await RestAssert.InvalidSessionAsync(await sandbox.GetAsync("limits"));
    }

    [Fact]
    public async Task Userinfo_and_identity_URL_describe_the_API_user()
    {
        await using var sandbox = await SandboxClient.StartAsync();
        var token = await sandbox.LoginAsync();

        var userInfo = (await sandbox.Http.GetFromJsonAsync<JsonObject>("/services/oauth2/userinfo"))!;
        var identity = (await sandbox.Http.GetFromJsonAsync<JsonObject>((string)token["id"]!))!;

        Assert.Equal(sandbox.Server.Credentials.Username, (string?)userInfo["preferred_username"]);
        Assert.Equal(sandbox.Server.Org.Info.OrganizationId, (string?)userInfo["organization_id"]);
        Assert.Equal(sandbox.Server.Org.Info.ApiUser.Id, (string?)identity["user_id"]);
        Assert.Equal(sandbox.Server.Credentials.Username, (string?)identity["username"]);
        sandbox.UseToken("bogus");
        Assert.Equal(HttpStatusCode.Forbidden, (await sandbox.Http.GetAsync("/services/oauth2/userinfo")).StatusCode);
    }

    /// <summary>Opens the consent page like a browser and submits its form with the chosen button; returns the redirect.</summary>
    private static async Task<Uri> ConsentAsync(SandboxClient sandbox, string decision, string? challenge, string? method)
    {
        var url = "/services/oauth2/authorize?response_type=code"
            + $"&client_id={Uri.EscapeDataString(sandbox.Server.Credentials.ClientId)}"
            + "&redirect_uri=" + Uri.EscapeDataString("http://localhost:1717/OauthRedirect") + "&state=xyz&scope=api%20refresh_token"
            + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method={method}");
        var page = await sandbox.Http.GetStringAsync(url);
        Assert.Contains("Allow", page, StringComparison.Ordinal);
        var form = Regex.Matches(page, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        form["decision"] = decision;
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = sandbox.Server.BaseUrl,
        };

        var response = await noRedirects.PostAsync("/services/oauth2/authorize", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost:1717/OauthRedirect?", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        return response.Headers.Location!;
    }

    private static Dictionary<string, string> JwtGrant(string assertion) => new()
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
        ["assertion"] = assertion,
    };

    private static string Jwt(SandboxClient sandbox, string subject, string audience, int expiresInSeconds)
    {
        using var key = RSA.Create();
        key.ImportFromPem(sandbox.Server.Credentials.PrivateKeyPem);
        var header = Base64Url.EncodeToString("""{"alg":"RS256"}"""u8);
        var claims = new JsonObject
        {
            ["iss"] = sandbox.Server.Credentials.ClientId,
            ["sub"] = subject,
            ["aud"] = audience,
            ["exp"] = DateTimeOffset.UtcNow.AddSeconds(expiresInSeconds).ToUnixTimeSeconds(),
        };
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }
}
