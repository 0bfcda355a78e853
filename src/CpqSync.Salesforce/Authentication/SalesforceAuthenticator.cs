using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using CpqSync.Salesforce.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CpqSync.Salesforce.Authentication;

/// <summary>
/// Obtains, caches and renews the Salesforce session for the configured OAuth flow.
/// </summary>
/// <remarks>
/// Salesforce does not say when a session expires, so the session is kept until the API rejects it with
/// <c>INVALID_SESSION_ID</c>; then exactly one renewal runs however many requests saw the rejection at once.
/// The options are read on every sign-in: when <see cref="IOptions{TOptions}.Value"/> yields new options (a host whose
/// credentials changed), the session and refresh token of the old ones are dropped and the next request signs in anew.
/// </remarks>
public sealed class SalesforceAuthenticator : IDisposable
{
    private const string TokenPath = "services/oauth2/token";

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<SalesforceOptions> _source;
    private SalesforceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SalesforceToken? _current;
    private string? _refreshToken;

    public SalesforceAuthenticator(
        IHttpClientFactory httpClientFactory,
        IOptions<SalesforceOptions> options,
        TimeProvider timeProvider,
        ILogger<SalesforceAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClientFactory = httpClientFactory;
        _source = options;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _refreshToken = _options.RefreshToken;
    }

    // Relative paths resolve below the login URL even when it was configured without a trailing slash.
    private Uri LoginUrl => _options.LoginUrl is { } url
        ? url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/")
        : throw new InvalidOperationException("Salesforce:LoginUrl is not set.");

    /// <summary>The current session, obtaining one first if there is none.</summary>
    public async Task<SalesforceToken> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        var token = Volatile.Read(ref _current);
        if (token is not null && ReferenceEquals(_source.Value, _options))
        {
            return token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TakeCurrentOptions();
            return _current ??= await RequestSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Replaces <paramref name="rejected"/> with a new session. Callers that hold the same rejected session share one
    /// renewal; a caller whose session was already replaced gets the replacement.
    /// </summary>
    public async Task<SalesforceToken> RenewAsync(SalesforceToken rejected, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TakeCurrentOptions();
            if (_current is not null && !ReferenceEquals(_current, rejected))
            {
                return _current;
            }

            _current = null;
            return _current = await RequestSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The URL to send a person's browser to so they approve the connected app (web server flow with PKCE).
    /// Keep <paramref name="pkce"/> until <see cref="ExchangeAuthorizationCodeAsync"/>.
    /// </summary>
    public Uri BuildAuthorizationUrl(PkceChallenge pkce, string? state = null, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(pkce);
        var redirectUri = _options.RedirectUri ?? throw new InvalidOperationException("Salesforce:RedirectUri is not set.");
        var query = new List<KeyValuePair<string, string>>
        {
            new("response_type", "code"),
            new("client_id", _options.ClientId),
            new("redirect_uri", redirectUri.ToString()),
            new("code_challenge", pkce.Challenge),
            new("code_challenge_method", PkceChallenge.Method),
        };
        if (state is not null)
        {
            query.Add(new("state", state));
        }

        if (scope is not null)
        {
            query.Add(new("scope", scope));
        }

        var queryString = string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return new Uri(LoginUrl, "services/oauth2/authorize?" + queryString);
    }

    /// <summary>
    /// Exchanges the code the callback received for a session, which becomes this client's session; the refresh
    /// token it carries is used to renew it from then on. Store <see cref="SalesforceToken.RefreshToken"/> to
    /// configure the <see cref="SalesforceAuthFlow.RefreshToken"/> flow next time.
    /// </summary>
    public async Task<SalesforceToken> ExchangeAuthorizationCodeAsync(string code, string codeVerifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentException.ThrowIfNullOrEmpty(codeVerifier);
        var redirectUri = _options.RedirectUri ?? throw new InvalidOperationException("Salesforce:RedirectUri is not set.");
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = codeVerifier,
        };
        AddSecret(form);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A code is good for one exchange only, so this POST is never retried.
            var token = await PostTokenAsync(form, SalesforceAuthFlow.AuthorizationCode, retrySafe: false, cancellationToken).ConfigureAwait(false);
            _refreshToken = token.RefreshToken ?? _refreshToken;
            return _current = token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Switches to the options' current value when it changed, dropping the old credentials' session. Call under the gate.</summary>
    private void TakeCurrentOptions()
    {
        var latest = _source.Value;
        if (ReferenceEquals(latest, _options))
        {
            return;
        }

        _options = latest;
        _refreshToken = latest.RefreshToken;
        Volatile.Write(ref _current, null);
    }

    /// <summary>Revokes the current session (and so ends it for every caller); the next request obtains a new one.</summary>
    public async Task RevokeAsync(CancellationToken cancellationToken = default)
    {
        var token = Interlocked.Exchange(ref _current, null);
        if (token is null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(LoginUrl, "services/oauth2/revoke"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token.AccessToken }),
        };
        request.Options.Set(SalesforceHttp.RetrySafe, true);
        using var response = await CreateClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw SalesforceOAuthException.FromBody(response.StatusCode, body);
        }

        _logger.SessionRevoked();
    }

    private Task<SalesforceToken> RequestSessionAsync(CancellationToken cancellationToken)
    {
        var flow = _options.Flow;
        var missing = _options.MissingCredentials()
            .Where(m => !(flow == SalesforceAuthFlow.AuthorizationCode && m == nameof(SalesforceOptions.RedirectUri)))
            .Concat(flow is SalesforceAuthFlow.RefreshToken or SalesforceAuthFlow.AuthorizationCode && _refreshToken is null
                ? [nameof(SalesforceOptions.RefreshToken)] : [])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            throw new SalesforceCredentialsMissingException(flow, missing);
        }

        var form = new Dictionary<string, string> { ["client_id"] = _options.ClientId };
        switch (flow)
        {
            case SalesforceAuthFlow.UsernamePassword:
                form["grant_type"] = "password";
                form["username"] = Require(_options.Username, nameof(_options.Username));
                form["password"] = Require(_options.Password, nameof(_options.Password)) + _options.SecurityToken;
                AddSecret(form);
                break;
            case SalesforceAuthFlow.RefreshToken:
            case SalesforceAuthFlow.AuthorizationCode:
                form["grant_type"] = "refresh_token";
                form["refresh_token"] = _refreshToken ?? throw new InvalidOperationException(
                    "No refresh token yet: complete the authorization code flow (ExchangeAuthorizationCodeAsync) first.");
                AddSecret(form);
                break;
            case SalesforceAuthFlow.ClientCredentials:
                form["grant_type"] = "client_credentials";
                AddSecret(form);
                break;
            case SalesforceAuthFlow.JwtBearer:
                form.Remove("client_id");
                form["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer";
                form["assertion"] = JwtBearerAssertion.Create(
                    _options.ClientId,
                    Require(_options.Username, nameof(_options.Username)),
                    _options.JwtAudience ?? LoginUrl.GetLeftPart(UriPartial.Authority),
                    Require(_options.PrivateKeyPem, nameof(_options.PrivateKeyPem)),
                    _timeProvider.GetUtcNow(),
                    _options.JwtLifetime);
                break;
            default:
                throw new InvalidOperationException($"Unknown flow {flow}.");
        }

        return PostTokenAsync(form, flow, retrySafe: true, cancellationToken);
    }

    private async Task<SalesforceToken> PostTokenAsync(
        Dictionary<string, string> form, SalesforceAuthFlow flow, bool retrySafe, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(LoginUrl, TokenPath))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Options.Set(SalesforceHttp.RetrySafe, retrySafe);
        using var response = await CreateClient().SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = SalesforceOAuthException.FromBody(response.StatusCode, body);
            _logger.OAuthFailed(flow, error.Error, error.ErrorDescription);
            throw error;
        }

        var dto = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        if (dto?.AccessToken is null || dto.InstanceUrl is null)
        {
            throw new SalesforceOAuthException(response.StatusCode, "invalid_response", "The token response lacks access_token or instance_url.");
        }

        var issuedAt = long.TryParse(dto.IssuedAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : _timeProvider.GetUtcNow();
        var token = new SalesforceToken(dto.AccessToken, new Uri(dto.InstanceUrl), dto.Id, issuedAt, dto.RefreshToken ?? _refreshToken);
        _logger.SessionIssued(flow, token.InstanceUrl);
        return token;
    }

    private void AddSecret(Dictionary<string, string> form)
    {
        if (!string.IsNullOrEmpty(_options.ClientSecret))
        {
            form["client_secret"] = _options.ClientSecret;
        }
    }

    private static string Require(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new InvalidOperationException($"Salesforce:{name} is not set.") : value;

    private HttpClient CreateClient() => _httpClientFactory.CreateClient(SalesforceHttp.ClientName);

    public void Dispose() => _gate.Dispose();

    private sealed class TokenResponse
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; set; }

        [JsonPropertyName("instance_url")]
        public string? InstanceUrl { get; set; }

        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("issued_at")]
        public string? IssuedAt { get; set; }

        [JsonPropertyName("refresh_token")]
        public string? RefreshToken { get; set; }
    }
}
