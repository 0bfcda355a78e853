using CpqSync.Sandbox.Salesforce.OAuth;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Stats;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>Everything the endpoints of one running sandbox share.</summary>
internal sealed class SandboxContext(
    SalesforceOrg org,
    TimeProvider time,
    SalesforceSandboxOptions options,
    SalesforceSandboxCredentials credentials,
    TokenStore tokens,
    ApiUsageMeter usage,
    SalesforceFaults faults)
{
    public SalesforceOrg Org { get; } = org;
    public TimeProvider Time { get; } = time;
    public SalesforceSandboxOptions Options { get; } = options;
    public SalesforceSandboxCredentials Credentials { get; } = credentials;
    public TokenStore Tokens { get; } = tokens;
    public ApiUsageMeter Usage { get; } = usage;
    public SalesforceFaults Faults { get; } = faults;

    /// <summary>The requests received per endpoint, served at <c>/_sandbox/stats</c>.</summary>
    public RequestCounter Requests { get; } = new(time, salesforce: true);

    /// <summary>
    /// Login URL and instance URL at once, without a trailing slash (e.g. <c>http://127.0.0.1:7401</c>); set once listening.
    /// </summary>
    public string LoginUrl { get; set; } = "";

    /// <summary>The identity URL of a user, as token responses give it in <c>id</c>.</summary>
    public string IdentityUrl(string userId) => $"{LoginUrl}/id/{Org.Info.OrganizationId}/{userId}";
}
