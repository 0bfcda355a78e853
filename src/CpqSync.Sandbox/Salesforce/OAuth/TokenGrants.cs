using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Http;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>
/// The grant types of <c>/services/oauth2/token</c>; each returns Salesforce's token response or throws <see cref="OAuthError"/>.
/// </summary>
internal sealed class TokenGrants(SandboxContext context)
{
    private const string DefaultScope = "api id refresh_token";
    private readonly X509Certificate2 _certificate = X509Certificate2.CreateFromPem(context.Credentials.CertificatePem);

    public JsonObject Grant(IReadOnlyDictionary<string, string> form)
    {
        return form.GetValueOrDefault("grant_type") switch
        {
            "password" => Password(form),
            "refresh_token" => RefreshToken(form),
            "authorization_code" => AuthorizationCode(form),
            "client_credentials" => ClientCredentials(form),
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => JwtBearer(form),
            _ => throw OAuthError.UnsupportedGrantType(),
        };
    }

    /// <summary>True when <paramref name="redirectUri"/> is one of the connected app's callback URLs (or any loopback http URL).</summary>
    public bool IsCallbackAllowed(string? redirectUri)
    {
        if (redirectUri is null || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return context.Options.CallbackUrls.Contains(redirectUri, StringComparer.Ordinal)
            || (uri.Scheme == Uri.UriSchemeHttp && (uri.Host == "localhost" || uri.Host == "127.0.0.1"));
    }

    public void CheckClientId(string? clientId)
    {
        if (clientId != context.Credentials.ClientId)
        {
            throw OAuthError.InvalidClientId();
        }
    }

    private JsonObject Password(IReadOnlyDictionary<string, string> form)
    {
        CheckClient(form, secretRequired: true);
        if (!string.Equals(form.GetValueOrDefault("username"), context.Credentials.Username, StringComparison.OrdinalIgnoreCase)
            || form.GetValueOrDefault("password") != context.Credentials.Password)
        {
            throw OAuthError.AuthenticationFailure();
        }

        return Issue(DefaultScope, withRefreshToken: false);
    }

    private JsonObject RefreshToken(IReadOnlyDictionary<string, string> form)
    {
        CheckClient(form, secretRequired: false);
        var refreshToken = form.GetValueOrDefault("refresh_token") ?? "";
        var grant = context.Tokens.FindRefreshToken(refreshToken) ?? throw OAuthError.ExpiredRefreshToken();
        var token = context.Tokens.IssueAccessToken(grant.UserId, grant.Scope, refreshToken);
        return Response(token, null, grant.Scope);
    }

    private JsonObject AuthorizationCode(IReadOnlyDictionary<string, string> form)
    {
        var verifier = form.GetValueOrDefault("code_verifier");
        // With PKCE a client may be public (no secret), as Salesforce allows when the secret is not required.
        CheckClient(form, secretRequired: verifier is null);
        var code = context.Tokens.RedeemCode(form.GetValueOrDefault("code") ?? "") ?? throw OAuthError.InvalidCode();
        if (code.ClientId != form.GetValueOrDefault("client_id"))
        {
            throw OAuthError.InvalidCode();
        }

        if (code.RedirectUri != form.GetValueOrDefault("redirect_uri"))
        {
            throw OAuthError.RedirectMismatch();
        }

        if (code.CodeChallenge is not null && !Pkce.Matches(code.CodeChallenge, code.CodeChallengeMethod, verifier))
        {
            throw OAuthError.InvalidCodeVerifier();
        }

        return Issue(code.Scope, withRefreshToken: true);
    }

    private JsonObject ClientCredentials(IReadOnlyDictionary<string, string> form)
    {
        CheckClient(form, secretRequired: true);
        return Issue(DefaultScope, withRefreshToken: false);
    }

    private JsonObject JwtBearer(IReadOnlyDictionary<string, string> form)
    {
        var subject = JwtBearerAssertion.Validate(
            form.GetValueOrDefault("assertion"), _certificate, context.Credentials.ClientId, context.LoginUrl, context.Time.GetUtcNow());
        if (!string.Equals(subject, context.Credentials.Username, StringComparison.OrdinalIgnoreCase))
        {
            throw new OAuthError("invalid_grant", "user hasn't approved this consumer");
        }

        return Issue(DefaultScope, withRefreshToken: false);
    }

    private void CheckClient(IReadOnlyDictionary<string, string> form, bool secretRequired)
    {
        CheckClientId(form.GetValueOrDefault("client_id"));
        var secret = form.GetValueOrDefault("client_secret");
        if ((secretRequired || secret is not null) && secret != context.Credentials.ClientSecret)
        {
            throw OAuthError.InvalidClientCredentials();
        }
    }

    private JsonObject Issue(string scope, bool withRefreshToken)
    {
        var userId = context.Org.Info.ApiUser.Id;
        var refreshToken = withRefreshToken ? context.Tokens.IssueRefreshToken(userId, scope) : null;
        var accessToken = context.Tokens.IssueAccessToken(userId, scope, refreshToken);
        return Response(accessToken, refreshToken, scope);
    }

    private JsonObject Response(string accessToken, string? refreshToken, string scope)
    {
        var id = context.IdentityUrl(context.Org.Info.ApiUser.Id);
        var issuedAt = context.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var response = new JsonObject { ["access_token"] = accessToken };
        if (refreshToken is not null)
        {
            response["refresh_token"] = refreshToken;
        }

        response["signature"] = Signature(id, issuedAt);
        response["scope"] = scope;
        response["instance_url"] = context.LoginUrl;
        response["id"] = id;
        response["token_type"] = "Bearer";
        response["issued_at"] = issuedAt;
        return response;
    }

    /// <summary>Base64 HMAC-SHA256 of id + issued_at keyed with the client secret, so a client can check the response.</summary>
    private string Signature(string id, string issuedAt) =>
        Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(context.Credentials.ClientSecret), Encoding.UTF8.GetBytes(id + issuedAt)));
}
