using CpqSync.Salesforce;
using CpqSync.Salesforce.Authentication;
using CpqSync.Stripe;

namespace CpqSync.Web.Setup;

/// <summary>
/// The failures a page expects when it asks Salesforce (or Stripe) something (not connected yet, credentials refused,
/// an API error, the org unreachable), worded with what to do next: a page shows them instead of answering 500.
/// </summary>
public static class ConnectionProblems
{
    public static bool IsExpected(Exception exception) =>
        exception is SalesforceCredentialsMissingException or SalesforceOAuthException or SalesforceApiException or HttpRequestException
            or StripeKeyMissingException;

    /// <param name="asking">What the page was doing, completing "Salesforce could not be asked …" (<c>for Order's fields</c>).</param>
    public static string Describe(Exception exception, string asking)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            SalesforceCredentialsMissingException =>
                $"Salesforce is not connected yet, so it could not be asked {asking}: connect it in the set-up wizard's Authorize step (/setup/authorize).",
            StripeKeyMissingException =>
                $"Stripe is not connected yet, so it could not be asked {asking}: enter the API key in the set-up wizard's Authorize step (/setup/authorize).",
            SalesforceOAuthException { IsTransient: false } e =>
                $"Salesforce refused the stored credentials ({e.Error}), so it could not be asked {asking}: connect again in the set-up wizard's Authorize step (/setup/authorize).",
            _ => $"Salesforce could not be asked {asking}: {exception.Message}",
        };
    }
}
