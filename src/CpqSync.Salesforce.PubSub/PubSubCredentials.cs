namespace CpqSync.Salesforce.PubSub;

/// <summary>
/// What the Pub/Sub API authenticates a call with: the session's access token, the org's instance URL and its org id
/// (the <c>accesstoken</c>, <c>instanceurl</c> and <c>tenantid</c> metadata headers).
/// </summary>
/// <remarks><see cref="ToString"/> leaves the token out.</remarks>
/// <param name="UserId">The user the session belongs to: a change made by it has this <c>commitUser</c>.</param>
public sealed record PubSubCredentials(string AccessToken, Uri InstanceUrl, string TenantId, string? UserId)
{
    public override string ToString() => $"Pub/Sub session for {InstanceUrl} (org {TenantId})";
}

/// <summary>The session the client calls with: the Salesforce connection's, renewed when the Pub/Sub API rejects it.</summary>
public interface IPubSubCredentialSource
{
    ValueTask<PubSubCredentials> GetAsync(CancellationToken cancellationToken);

    /// <summary>A new session after <paramref name="rejected"/> was refused (<c>UNAUTHENTICATED</c>).</summary>
    ValueTask<PubSubCredentials> RenewAsync(PubSubCredentials rejected, CancellationToken cancellationToken);
}
