namespace CpqSync.Web.Setup;

/// <summary>
/// The names the wizard stores in the connection's encrypted secrets: credentials, named after the settings they
/// stand for, and what the wizard shows about the connected org and account.
/// </summary>
public static class SetupSecrets
{
    public const string SalesforceLoginUrl = "Salesforce:LoginUrl";

    public const string SalesforceRefreshToken = "Salesforce:RefreshToken";

    public const string SalesforceInstanceUrl = "Salesforce:InstanceUrl";

    public const string SalesforceOrgId = "Salesforce:OrganizationId";

    public const string SalesforceUsername = "Salesforce:ConnectedUsername";

    public const string StripeApiKey = "Stripe:ApiKey";

    public const string StripeAccountId = "Stripe:AccountId";

    public const string StripeAccountName = "Stripe:AccountName";

    /// <summary><c>test</c> or <c>live</c>, from the key's prefix.</summary>
    public const string StripeMode = "Stripe:Mode";
}
