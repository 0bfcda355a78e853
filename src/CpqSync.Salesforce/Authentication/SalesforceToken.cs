namespace CpqSync.Salesforce.Authentication;

/// <summary>A session issued by the OAuth token endpoint.</summary>
/// <remarks><see cref="ToString"/> leaves the tokens out so a session can be logged or shown in a debugger safely.</remarks>
public sealed class SalesforceToken
{
    public SalesforceToken(string accessToken, Uri instanceUrl, string? identityUrl, DateTimeOffset issuedAt, string? refreshToken)
    {
        AccessToken = accessToken;
        InstanceUrl = instanceUrl;
        IdentityUrl = identityUrl;
        IssuedAt = issuedAt;
        RefreshToken = refreshToken;
    }

    /// <summary>The bearer token for REST calls (Salesforce calls it the session id).</summary>
    public string AccessToken { get; }

    /// <summary>The org's own host, to which every REST call goes (<c>instance_url</c>).</summary>
    public Uri InstanceUrl { get; }

    /// <summary>The identity URL (<c>id</c>), which ends in the org id and the user id.</summary>
    public string? IdentityUrl { get; }

    public DateTimeOffset IssuedAt { get; }

    /// <summary>A refresh token, when the grant returned one (web server and refresh-token flows).</summary>
    public string? RefreshToken { get; }

    public override string ToString() => $"Salesforce session for {InstanceUrl} issued at {IssuedAt:O}";
}
