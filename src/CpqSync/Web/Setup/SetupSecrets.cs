namespace CpqSync.Web.Setup;

/// <summary>
/// The names the wizard stores in the connection's encrypted secrets: credentials, named after the settings they
/// stand for, and what the wizard shows about the connected org and account.
/// </summary>
public static class SetupSecrets
{
    public const string SalesforceLoginUrl = "Salesforce:LoginUrl";

    public const string SalesforceClientId = "Salesforce:ClientId";

    public const string SalesforceClientSecret = "Salesforce:ClientSecret";

    public const string SalesforceRefreshToken = "Salesforce:RefreshToken";

    public const string SalesforceInstanceUrl = "Salesforce:InstanceUrl";

    public const string SalesforceOrgId = "Salesforce:OrganizationId";

    public const string SalesforceUsername = "Salesforce:ConnectedUsername";

    public const string StripeApiKey = "Stripe:ApiKey";

    public const string StripeApiBase = "Stripe:ApiBase";

    public const string StripeAccountId = "Stripe:AccountId";

    public const string StripeAccountName = "Stripe:AccountName";

    /// <summary>Stored credentials the wizard never shows back.</summary>
    public static IReadOnlyList<string> Hidden { get; } =
        [SalesforceRefreshToken, SalesforceClientSecret, StripeApiKey, "Salesforce:Password", "Salesforce:SecurityToken", "Salesforce:PrivateKeyPem"];

    /// <summary><c>test</c> or <c>live</c>, from the key's prefix.</summary>
    public const string StripeMode = "Stripe:Mode";
}
