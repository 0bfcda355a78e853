using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace CpqSync.Salesforce;

/// <summary>How to reach and authenticate to a Salesforce org (a real one or the sandbox: only <see cref="LoginUrl"/> differs).</summary>
public sealed class SalesforceOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Salesforce";

    /// <summary>The login host that serves <c>/services/oauth2/</c>. The default value is <c>https://login.salesforce.com</c>.</summary>
    [Required]
    public Uri? LoginUrl { get; set; } = new("https://login.salesforce.com");

    /// <summary>The connected app's consumer key. The default value is empty (a credential: see <see cref="MissingCredentials"/>).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The connected app's consumer secret; not needed for JWT bearer or a PKCE public client. The default value is <see langword="null"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The REST API version, as <c>NN.0</c>. The default value is <c>62.0</c>.</summary>
    [Required]
    [RegularExpression(@"^[1-9][0-9]\.0$", ErrorMessage = "ApiVersion must look like 62.0.")]
    public string ApiVersion { get; set; } = "62.0";

    /// <summary>The OAuth grant to use. The default value is <see cref="SalesforceAuthFlow.UsernamePassword"/>.</summary>
    public SalesforceAuthFlow Flow { get; set; } = SalesforceAuthFlow.UsernamePassword;

    /// <summary>The integration user's username (username-password and JWT bearer). The default value is <see langword="null"/>.</summary>
    public string? Username { get; set; }

    /// <summary>The integration user's password (username-password). The default value is <see langword="null"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The user's security token, appended to the password when the org requires it. The default value is <see langword="null"/>.</summary>
    public string? SecurityToken { get; set; }

    /// <summary>A refresh token (refresh-token flow). The default value is <see langword="null"/>.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>The connected app's callback URL (authorization-code flow). The default value is <see langword="null"/>.</summary>
    public Uri? RedirectUri { get; set; }

    /// <summary>
    /// The PEM private key (PKCS#1 or PKCS#8) of the certificate registered on the connected app (JWT bearer).
    /// The default value is <see langword="null"/>.
    /// </summary>
    public string? PrivateKeyPem { get; set; }

    /// <summary>
    /// The JWT <c>aud</c> claim. The default value is <see langword="null"/>, which means the origin of
    /// <see cref="LoginUrl"/> (<c>https://login.salesforce.com</c>, <c>https://test.salesforce.com</c>, or the sandbox's URL).
    /// </summary>
    public string? JwtAudience { get; set; }

    /// <summary>How long a JWT assertion is valid; Salesforce accepts at most three minutes. The default value is 3 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:03:00")]
    public TimeSpan JwtLifetime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The limit on one HTTP attempt, after which it counts as a transient failure. The default value is 100 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a transient failure of a safe-to-repeat request is retried. The default value is 4.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>The first retry's delay, doubled (with jitter) on each further retry. The default value is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts, including a server's <c>Retry-After</c>. The default value is 60 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The number of records per query page, sent as <c>Sforce-Query-Options: batchSize=N</c> (200 to 2,000).
    /// The default value is <see langword="null"/>: Salesforce's own default of 2,000.
    /// </summary>
    [Range(200, 2000)]
    public int? QueryBatchSize { get; set; }

    /// <summary>
    /// The Pub/Sub API endpoint change events are read from (gRPC over HTTP/2). The default value is Salesforce's,
    /// <c>https://api.pubsub.salesforce.com:7443</c>; the sandbox hands out its own.
    /// </summary>
    public Uri PubSubEndpoint { get; set; } = new("https://api.pubsub.salesforce.com:7443");

    /// <summary>
    /// The credentials the <see cref="Flow"/> needs that are not set, by property name (<c>ClientId</c>, <c>RefreshToken</c>…).
    /// Missing credentials are not invalid options: a host may start without them and sign in once they are given.
    /// </summary>
    public IReadOnlyList<string> MissingCredentials()
    {
        var needed = Flow switch
        {
            SalesforceAuthFlow.UsernamePassword => Missing((nameof(ClientSecret), ClientSecret), (nameof(Username), Username), (nameof(Password), Password)),
            SalesforceAuthFlow.RefreshToken => Missing((nameof(RefreshToken), RefreshToken)),
            SalesforceAuthFlow.AuthorizationCode => Missing((nameof(RedirectUri), RedirectUri?.ToString())),
            SalesforceAuthFlow.ClientCredentials => Missing((nameof(ClientSecret), ClientSecret)),
            SalesforceAuthFlow.JwtBearer => Missing((nameof(Username), Username), (nameof(PrivateKeyPem), PrivateKeyPem)),
            _ => [],
        };
        return string.IsNullOrWhiteSpace(ClientId) ? [nameof(ClientId), .. needed] : needed;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Flow == SalesforceAuthFlow.JwtBearer && !string.IsNullOrWhiteSpace(PrivateKeyPem) && !IsRsaPrivateKey(PrivateKeyPem))
        {
            yield return new ValidationResult("PrivateKeyPem is not a PEM-encoded RSA private key.", [nameof(PrivateKeyPem)]);
        }

        if (LoginUrl is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            yield return new ValidationResult("LoginUrl must be an absolute http(s) URL.", [nameof(LoginUrl)]);
        }
    }

    private static List<string> Missing(params (string Name, string? Value)[] values) =>
        values.Where(v => string.IsNullOrWhiteSpace(v.Value)).Select(v => v.Name).ToList();

    private static bool IsRsaPrivateKey(string pem)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
