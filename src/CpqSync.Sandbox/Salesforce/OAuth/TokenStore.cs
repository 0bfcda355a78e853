using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace CpqSync.Sandbox.Salesforce.OAuth;

/// <summary>An access token's session: who it acts for and until when.</summary>
internal sealed record AccessSession(string UserId, string Scope, DateTimeOffset ExpiresAt, string? RefreshToken);

/// <summary>An authorization code waiting to be exchanged (web server flow), bound to its client, callback and PKCE challenge.</summary>
internal sealed record AuthorizationCode(
    string ClientId, string RedirectUri, string Scope, string? CodeChallenge, string CodeChallengeMethod, DateTimeOffset ExpiresAt);

/// <summary>Issues and checks the org's OAuth tokens. Tokens are opaque random strings, as Salesforce's are.</summary>
internal sealed class TokenStore(TimeProvider time, TimeSpan accessTokenLifetime, string organizationId)
{
    // Salesforce lets an authorization code be exchanged within 15 minutes.
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, AccessSession> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string UserId, string Scope)> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);

    public string IssueAccessToken(string userId, string scope, string? refreshToken)
    {
        // Real access tokens start with the 15-character org id and '!'.
        var token = $"{organizationId[..15]}!{Random(72)}";
        _accessTokens[token] = new AccessSession(userId, scope, time.GetUtcNow() + accessTokenLifetime, refreshToken);
        return token;
    }

    public string IssueRefreshToken(string userId, string scope)
    {
        var token = "5Aep861" + Random(80);
        _refreshTokens[token] = (userId, scope);
        return token;
    }

    public AccessSession? FindSession(string accessToken)
    {
        if (!_accessTokens.TryGetValue(accessToken, out var session))
        {
            return null;
        }

        if (session.ExpiresAt <= time.GetUtcNow())
        {
            _accessTokens.TryRemove(accessToken, out _);
            return null;
        }

        return session;
    }

    public (string UserId, string Scope)? FindRefreshToken(string refreshToken) =>
        _refreshTokens.TryGetValue(refreshToken, out var grant) ? grant : null;

    public string IssueCode(AuthorizationCode code)
    {
        var value = "aPrx" + Random(60);
        _codes[value] = code with { ExpiresAt = time.GetUtcNow() + CodeLifetime };
        return value;
    }

    /// <summary>Takes a code out of the store: codes are single-use, even when the exchange then fails.</summary>
    public AuthorizationCode? RedeemCode(string code) =>
        _codes.TryRemove(code, out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;

    /// <summary>Revokes an access token, or a refresh token together with the access tokens issued from it.</summary>
    public bool Revoke(string token)
    {
        if (_accessTokens.TryRemove(token, out _))
        {
            return true;
        }

        if (!_refreshTokens.TryRemove(token, out _))
        {
            return false;
        }

        foreach (var (access, session) in _accessTokens)
        {
            if (session.RefreshToken == token)
            {
                _accessTokens.TryRemove(access, out _);
            }
        }

        return true;
    }

    public void ExpireAccessTokens() => _accessTokens.Clear();

    private static string Random(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._", length);
}
