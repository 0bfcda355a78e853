using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Web.Setup;

/// <summary>The org and user a connection signs in as, from the identity URL.</summary>
public sealed record SalesforceIdentity(string OrganizationId, string Username, string? DisplayName, Uri InstanceUrl);

/// <summary>The connected app CpqSync signs in through (the package in <c>salesforce/</c> ships it): its consumer key and secret.</summary>
public sealed record ConnectedApp(string ClientId, string? ClientSecret)
{
    /// <summary>Never shows the secret.</summary>
    public override string ToString() => $"ConnectedApp {{ ClientId = {ClientId} }}";
}

/// <summary>Why connecting Salesforce failed, in words for the person who tried.</summary>
public sealed class SalesforceConnectException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// "Connect Salesforce": the OAuth 2.0 web server flow with PKCE against the chosen login URL, with the connected app's
/// consumer key and secret the admin entered. The state, the PKCE verifier and the secret stay on the server, tied to
/// the user who started the flow, usable once and for ten minutes. Only once Salesforce issued a refresh token are the
/// login URL, the consumer key and secret and the refresh token stored (encrypted) as the connection's credentials,
/// which the running host takes at once; none is ever shown or logged.
/// </summary>
public sealed class SalesforceConnector(
    IHttpClientFactory httpClients,
    SetupConnection connection,
    TimeProvider time,
    ILoggerFactory loggers)
{
    public const string Scope = "api id refresh_token";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingAuthorization> _pending = new(StringComparer.Ordinal);

    /// <summary>The URL to send the browser to; the org's login page redirects back to <paramref name="redirectUri"/>.</summary>
    /// <param name="app">The connected app's consumer key and secret.</param>
    public Uri Start(Uri loginUrl, Uri redirectUri, ConnectedApp app, string userName)
    {
        ArgumentNullException.ThrowIfNull(loginUrl);
        ArgumentNullException.ThrowIfNull(redirectUri);
        ArgumentNullException.ThrowIfNull(app);
        var now = time.GetUtcNow();
        foreach (var (key, expired) in _pending.Where(p => p.Value.ExpiresAt <= now))
        {
            _pending.TryRemove(key, out _);
        }

        var state = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var pkce = PkceChallenge.Create();
        _pending[state] = new PendingAuthorization(loginUrl, redirectUri, app, pkce.Verifier, userName, now + Lifetime);
        using var authenticator = Authenticator(loginUrl, redirectUri, app);
        return authenticator.BuildAuthorizationUrl(pkce, state, Scope);
    }

    /// <summary>Exchanges the callback's code, stores the refresh token encrypted and returns who is connected.</summary>
    /// <exception cref="SalesforceConnectException">The state is unknown, expired or another user's; or Salesforce refused.</exception>
    public async Task<SalesforceIdentity> CompleteAsync(string? state, string? code, string userName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || !_pending.TryRemove(state, out var pending)
            || pending.ExpiresAt <= time.GetUtcNow() || !string.Equals(pending.UserName, userName, StringComparison.Ordinal))
        {
            throw new SalesforceConnectException("This sign-in was not started here, was already used or has expired. Connect Salesforce again.");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw new SalesforceConnectException("Salesforce sent no authorization code. Connect Salesforce again.");
        }

        SalesforceToken token;
        using (var authenticator = Authenticator(pending.LoginUrl, pending.RedirectUri, pending.App))
        {
            try
            {
                token = await authenticator.ExchangeAuthorizationCodeAsync(code, pending.Verifier, cancellationToken).ConfigureAwait(false);
            }
            catch (SalesforceOAuthException e)
            {
                var hint = e.Error is "invalid_client_id" or "invalid_client"
                    ? " Check the consumer key and secret (Setup → App Manager → CpqSync → View → Manage Consumer Details)."
                    : "";
                throw new SalesforceConnectException($"Salesforce refused the sign-in: {e.Error} ({e.ErrorDescription}).{hint}", e);
            }
            catch (HttpRequestException e)
            {
                throw new SalesforceConnectException($"Salesforce could not be reached at {pending.LoginUrl}; check the login URL.", e);
            }
        }

        if (token.RefreshToken is null)
        {
            throw new SalesforceConnectException(
                "Salesforce issued no refresh token: add the \"refresh_token, offline_access\" scope to the connected app.");
        }

        var identity = await ReadIdentityAsync(token, cancellationToken).ConfigureAwait(false);
        await connection.SetSecretsAsync(
            new Dictionary<string, string>
            {
                [SetupSecrets.SalesforceLoginUrl] = pending.LoginUrl.ToString(),
                [SetupSecrets.SalesforceClientId] = pending.App.ClientId,
                [SetupSecrets.SalesforceClientSecret] = pending.App.ClientSecret ?? "",
                [SetupSecrets.SalesforceRefreshToken] = token.RefreshToken,
                [SetupSecrets.SalesforceInstanceUrl] = token.InstanceUrl.ToString(),
                [SetupSecrets.SalesforceOrgId] = identity.OrganizationId,
                [SetupSecrets.SalesforceUsername] = identity.Username,
            },
            cancellationToken).ConfigureAwait(false);
        return identity;
    }

    private async Task<SalesforceIdentity> ReadIdentityAsync(SalesforceToken token, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(token.IdentityUrl, UriKind.Absolute, out var identityUrl))
        {
            throw new SalesforceConnectException("Salesforce's token response has no identity URL.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, identityUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await httpClients.CreateClient(nameof(SalesforceConnector)).SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SalesforceConnectException($"Salesforce's identity service answered HTTP {(int)response.StatusCode}.");
        }

        var document = await response.Content.ReadFromJsonAsync<IdentityDocument>(cancellationToken).ConfigureAwait(false);
        if (document?.OrganizationId is null || document.Username is null)
        {
            throw new SalesforceConnectException("Salesforce's identity document names no organization or user.");
        }

        return new SalesforceIdentity(document.OrganizationId, document.Username, document.DisplayName, token.InstanceUrl);
    }

    private SalesforceAuthenticator Authenticator(Uri loginUrl, Uri redirectUri, ConnectedApp app)
    {
        var flow = new SalesforceOptions
        {
            LoginUrl = loginUrl,
            ClientId = app.ClientId,
            ClientSecret = app.ClientSecret,
            Flow = SalesforceAuthFlow.AuthorizationCode,
            RedirectUri = redirectUri,
        };
        return new SalesforceAuthenticator(httpClients, Options.Create(flow), time, loggers.CreateLogger<SalesforceAuthenticator>());
    }

    private sealed record PendingAuthorization(Uri LoginUrl, Uri RedirectUri, ConnectedApp App, string Verifier, string UserName, DateTimeOffset ExpiresAt);

    private sealed class IdentityDocument
    {
        [JsonPropertyName("organization_id")]
        public string? OrganizationId { get; set; }

        [JsonPropertyName("username")]
        public string? Username { get; set; }

        [JsonPropertyName("display_name")]
        public string? DisplayName { get; set; }
    }
}
