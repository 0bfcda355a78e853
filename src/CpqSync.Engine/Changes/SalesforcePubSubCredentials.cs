using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Salesforce.PubSub;

namespace CpqSync.Engine.Changes;

/// <summary>
/// The Pub/Sub API's session is the REST client's: the same token, instance URL and org id (the identity URL ends in
/// <c>/{orgId}/{userId}</c>); a refused session is renewed through the same authenticator, so REST calls share it.
/// </summary>
public sealed class SalesforcePubSubCredentials(SalesforceClient salesforce) : IPubSubCredentialSource
{
    private SalesforceToken? _token;

    public async ValueTask<PubSubCredentials> GetAsync(CancellationToken cancellationToken)
    {
        var token = await salesforce.Authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _token, token);
        return From(token);
    }

    public async ValueTask<PubSubCredentials> RenewAsync(PubSubCredentials rejected, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _token) ?? await salesforce.Authenticator.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        var token = current.AccessToken == rejected?.AccessToken
            ? await salesforce.Authenticator.RenewAsync(current, cancellationToken).ConfigureAwait(false)
            : current;
        Volatile.Write(ref _token, token);
        return From(token);
    }

    private static PubSubCredentials From(SalesforceToken token)
    {
        // https://login.salesforce.com/id/00D…/005…
        var parts = token.IdentityUrl?.TrimEnd('/').Split('/') ?? [];
        if (parts.Length < 2)
        {
            throw new InvalidOperationException("The Salesforce session has no identity URL, so its org id (the Pub/Sub tenant) is unknown.");
        }

        return new PubSubCredentials(token.AccessToken, token.InstanceUrl, parts[^2], parts[^1]);
    }
}
