using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Salesforce.Tests.Authentication;

/// <summary>The exact shape of what each OAuth flow sends to the token endpoint.</summary>
public class AuthenticationRequestTests
{
    [Fact]
    public async Task Username_password_posts_the_password_grant_with_the_security_token_appended()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Token("00Dsession"));
        await using var provider = ClientFactory.Build(handler, o => o.SecurityToken = "TOKEN123");

        var token = await provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token);

        var request = Assert.Single(handler.TokenRequests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://login.example.test/services/oauth2/token", request.Uri.ToString());
        Assert.Equal("password", request.Form["grant_type"]);
        Assert.Equal("3MVG9-test-client", request.Form["client_id"]);
        Assert.Equal("client-secret-value", request.Form["client_secret"]);
        Assert.Equal("integration@acme.example", request.Form["username"]);
        Assert.Equal("pass-word-valueTOKEN123", request.Form["password"]);
        Assert.Equal("00Dsession", token.AccessToken);
        Assert.Equal(new Uri("https://acme.my.example.test"), token.InstanceUrl);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), token.IssuedAt);
        Assert.DoesNotContain("00Dsession", token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_credentials_and_refresh_token_send_their_grants()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Token("00Dsession"));
        await using (var provider = ClientFactory.Build(handler, o => o.Flow = SalesforceAuthFlow.ClientCredentials))
        {
            await provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token);
        }

        await using (var provider = ClientFactory.Build(handler, o =>
        {
            o.Flow = SalesforceAuthFlow.RefreshToken;
            o.RefreshToken = "5Aep-refresh";
        }))
        {
            await provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token);
        }

        var requests = handler.TokenRequests;
        Assert.Equal("client_credentials", requests[0].Form["grant_type"]);
        Assert.False(requests[0].Form.ContainsKey("username"));
        Assert.Equal("refresh_token", requests[1].Form["grant_type"]);
        Assert.Equal("5Aep-refresh", requests[1].Form["refresh_token"]);
    }

    [Fact]
    public async Task Jwt_bearer_posts_an_rs256_assertion_signed_with_the_configured_key()
    {
        using var rsa = RSA.Create(2048);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero));
        var handler = new RecordingHandler(_ => RecordingHandler.Token("00Dsession"));
        await using var provider = ClientFactory.Build(handler, o =>
        {
            o.Flow = SalesforceAuthFlow.JwtBearer;
            o.ClientSecret = null;
            o.Password = null;
            o.PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem();
        }, time);

        await provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token);

        var form = Assert.Single(handler.TokenRequests).Form;
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        var parts = form["assertion"].Split('.');
        Assert.Equal(3, parts.Length);
        using var header = JsonDocument.Parse(Base64UrlDecode(parts[0]));
        using var claims = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("3MVG9-test-client", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("integration@acme.example", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("https://login.example.test", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(time.GetUtcNow().AddMinutes(3).ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        var signed = rsa.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(signed);
    }

    [Fact]
    public async Task Authorization_code_flow_sends_an_s256_challenge_and_exchanges_the_code_with_its_verifier()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"access_token":"00Dweb","refresh_token":"5Aep-web","instance_url":"https://acme.my.example.test","id":"x","issued_at":"1767225600000"}"""));
        await using var provider = ClientFactory.Build(handler, o =>
        {
            o.Flow = SalesforceAuthFlow.AuthorizationCode;
            o.RedirectUri = new Uri("http://127.0.0.1:7400/callback");
        });
        var authenticator = provider.GetRequiredService<SalesforceAuthenticator>();
        var pkce = PkceChallenge.Create();

        var url = authenticator.BuildAuthorizationUrl(pkce, state: "xyz");
        var token = await authenticator.ExchangeAuthorizationCodeAsync("aPrx-code", pkce.Verifier, TestCancellation.Token);

        Assert.Equal("https://login.example.test/services/oauth2/authorize", url.GetLeftPart(UriPartial.Path));
        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(pkce.Verifier))), query["code_challenge"]);
        Assert.Equal("http://127.0.0.1:7400/callback", query["redirect_uri"]);
        Assert.Equal("xyz", query["state"]);
        var form = Assert.Single(handler.TokenRequests).Form;
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("aPrx-code", form["code"]);
        Assert.Equal(pkce.Verifier, form["code_verifier"]);
        Assert.Equal("5Aep-web", token.RefreshToken);
        Assert.Same(token, await authenticator.GetTokenAsync(TestCancellation.Token));
    }

    [Fact]
    public async Task A_refused_grant_surfaces_the_oauth_error()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(
            """{"error":"invalid_grant","error_description":"authentication failure"}""", System.Net.HttpStatusCode.BadRequest));
        await using var provider = ClientFactory.Build(handler);

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() =>
            provider.GetRequiredService<SalesforceAuthenticator>().GetTokenAsync(TestCancellation.Token));

        Assert.Equal("invalid_grant", error.Error);
        Assert.Equal("authentication failure", error.ErrorDescription);
        Assert.False(error.IsTransient);
        Assert.Single(handler.TokenRequests);
    }

    private static byte[] Base64UrlDecode(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
