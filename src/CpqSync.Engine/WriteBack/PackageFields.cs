using CpqSync.Stripe;

namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Puts a write-back's generic Dashboard link in the field CpqSync's package actually has on that object
/// (<c>docs/salesforce-package.md</c>): the customer link on accounts, the subscription or invoice link on orders.
/// Objects without a link field get only their Stripe id, so Salesforce does not refuse the whole record.
/// </summary>
internal static class PackageFields
{
    public const string StripeId = "Stripe_ID__c";

    public const string GenericLink = "Stripe_Dashboard_Link__c";

    public static IEnumerable<KeyValuePair<string, string>> For(ResolvedSalesforceWrite write)
    {
        foreach (var field in write.Fields)
        {
            if (field.Key != GenericLink)
            {
                yield return field;
                continue;
            }

            var target = LinkFieldOf(write.SObjectType, field.Value);
            if (target is not null)
            {
                yield return new(target, field.Value);
            }
        }
    }

    private static string? LinkFieldOf(string sObjectType, string link) => sObjectType switch
    {
        "Account" => "Stripe_Customer_Link__c",
        "Order" when link.Contains("/invoices/", StringComparison.Ordinal) => "Stripe_Invoice_Payment_Link__c",
        "Order" => "Stripe_Subscription_Payment_Link__c",
        _ => null,
    };
}
