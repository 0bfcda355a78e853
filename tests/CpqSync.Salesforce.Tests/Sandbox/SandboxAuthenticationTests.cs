using System.Net;
using System.Text.RegularExpressions;
using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Salesforce.Tests.Sandbox;

/// <summary>Every OAuth flow, end to end against the emulated org.</summary>
public partial class SandboxAuthenticationTests
{
    private static readonly Uri Callback = new("http://localhost:1717/OauthRedirect");

    [Theory]
    [InlineData(SalesforceAuthFlow.UsernamePassword)]
    [InlineData(SalesforceAuthFlow.ClientCredentials)]
    public async Task The_flow_logs_in_and_queries(SalesforceAuthFlow flow)
    {
        await using var session = await SandboxSession.StartAsync(o => o.Flow = flow);

        var count = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Pricebook2 WHERE IsStandard = {true}"), TestCancellation.Token);

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Jwt_bearer_logs_in_with_the_connected_apps_private_key()
    {
        await using var session = await SandboxSession.StartAsync();
        await using var jwt = session.Connect(o =>
        {
            o.Flow = SalesforceAuthFlow.JwtBearer;
            o.ClientSecret = null;
            o.Password = null;
            o.PrivateKeyPem = session.Server.Credentials.PrivateKeyPem;
        });

        var count = await jwt.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Pricebook2"), TestCancellation.Token);

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_jwt_signed_with_another_key_is_refused()
    {
        await using var session = await SandboxSession.StartAsync();
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        await using var jwt = session.Connect(o =>
        {
            o.Flow = SalesforceAuthFlow.JwtBearer;
            o.ClientSecret = null;
            o.Password = null;
            o.PrivateKeyPem = otherKey.ExportPkcs8PrivateKeyPem();
        });

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() =>
            jwt.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Equal("invalid_grant", error.Error);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Authorization_code_with_pkce_goes_through_the_consent_page_and_renews_with_its_refresh_token()
    {
        await using var session = await StartForWebServerFlowAsync();
        var authenticator = session.Client.Authenticator;
        var pkce = PkceChallenge.Create();

        var code = await ApproveInBrowserAsync(authenticator.BuildAuthorizationUrl(pkce, state: "s-42"), "s-42");
        var token = await authenticator.ExchangeAuthorizationCodeAsync(code, pkce.Verifier, TestCancellation.Token);
        session.Server.Faults.ExpireSessions();
        var count = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Pricebook2"), TestCancellation.Token);

        Assert.NotNull(token.RefreshToken);
        Assert.Equal(1, count);
        Assert.NotSame(token, await authenticator.GetTokenAsync(TestCancellation.Token));
    }

    [Fact]
    public async Task A_wrong_verifier_is_refused_with_an_oauth_error()
    {
        await using var session = await StartForWebServerFlowAsync();
        var authenticator = session.Client.Authenticator;

        var code = await ApproveInBrowserAsync(authenticator.BuildAuthorizationUrl(PkceChallenge.Create(), state: "s"), "s");
        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() =>
            authenticator.ExchangeAuthorizationCodeAsync(code, PkceChallenge.Create().Verifier, TestCancellation.Token));

        Assert.Equal("invalid_grant", error.Error);
    }

    [Fact]
    public async Task A_refresh_token_from_an_earlier_approval_configures_the_refresh_token_flow()
    {
        await using var approval = await StartForWebServerFlowAsync();
        var pkce = PkceChallenge.Create();
        var code = await ApproveInBrowserAsync(approval.Client.Authenticator.BuildAuthorizationUrl(pkce, "s"), "s");
        var refreshToken = (await approval.Client.Authenticator.ExchangeAuthorizationCodeAsync(code, pkce.Verifier, TestCancellation.Token)).RefreshToken;

        await using var later = approval.Connect(o =>
        {
            o.Flow = SalesforceAuthFlow.RefreshToken;
            o.RefreshToken = refreshToken;
        });
        var count = await later.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Pricebook2"), TestCancellation.Token);

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_wrong_password_is_an_invalid_grant()
    {
        await using var session = await SandboxSession.StartAsync(o => o.Password = "not-the-password");

        var error = await Assert.ThrowsAsync<SalesforceOAuthException>(() =>
            session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Equal("invalid_grant", error.Error);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Expired_sessions_are_renewed_once_and_the_request_replayed()
    {
        await using var session = await SandboxSession.StartAsync();
        await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);
        var before = await session.Client.Authenticator.GetTokenAsync(TestCancellation.Token);

        session.Server.Faults.ExpireSessions();
        var counts = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token)));

        Assert.All(counts, c => Assert.Equal(0, c));
        Assert.NotEqual(before.AccessToken, (await session.Client.Authenticator.GetTokenAsync(TestCancellation.Token)).AccessToken);
        Assert.Equal(2, session.Logs.Entries.Count(e => e.EventId == SalesforceEventIds.SessionIssued));
    }

    [Fact]
    public async Task A_revoked_session_is_replaced_on_the_next_call()
    {
        await using var session = await SandboxSession.StartAsync();
        var first = await session.Client.Authenticator.GetTokenAsync(TestCancellation.Token);

        await session.Client.Authenticator.RevokeAsync(TestCancellation.Token);
        var count = await session.Client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token);

        Assert.Equal(0, count);
        Assert.NotEqual(first.AccessToken, (await session.Client.Authenticator.GetTokenAsync(TestCancellation.Token)).AccessToken);
    }

    private static Task<SandboxSession> StartForWebServerFlowAsync() => SandboxSession.StartAsync(o =>
    {
        o.Flow = SalesforceAuthFlow.AuthorizationCode;
        o.RedirectUri = Callback;
    });

    /// <summary>Does what a person's browser does: open the consent page, press Allow, follow the redirect to the callback.</summary>
    private static async Task<string> ApproveInBrowserAsync(Uri authorizeUrl, string expectedState)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(authorizeUrl, TestCancellation.Token);
        var form = HiddenInput().Matches(page).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["decision"] = "allow";
        var action = new Uri(authorizeUrl, FormAction().Match(page).Groups["action"].Value);

        using var response = await browser.PostAsync(action, new FormUrlEncodedContent(form), TestCancellation.Token);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(Callback.ToString(), location.ToString(), StringComparison.Ordinal);
        var query = location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        Assert.Equal(expectedState, query["state"]);
        return query["code"];
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\"")]
    private static partial Regex FormAction();
}
