namespace CpqSync.Salesforce;

/// <summary>The OAuth 2.0 grant the client uses to obtain (and later renew) its session.</summary>
public enum SalesforceAuthFlow
{
    /// <summary>Username and password (plus security token) of an integration user. Renewal repeats the login.</summary>
    UsernamePassword,

    /// <summary>A refresh token issued earlier (for example by the web server flow), exchanged for sessions as needed.</summary>
    RefreshToken,

    /// <summary>
    /// The web server flow with PKCE: a person approves the connected app in a browser, and the code is exchanged
    /// through <see cref="Authentication.SalesforceAuthenticator.ExchangeAuthorizationCodeAsync"/>; renewal uses the refresh token it returns.
    /// </summary>
    AuthorizationCode,

    /// <summary>Client id and secret only; the connected app runs as its configured "run as" user.</summary>
    ClientCredentials,

    /// <summary>A JWT signed with the private key of the certificate registered on the connected app (no secret, no password).</summary>
    JwtBearer,
}
