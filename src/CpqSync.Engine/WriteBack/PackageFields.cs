namespace CpqSync.Engine.WriteBack;

/// <summary>Fields of CpqSync's package that the planner's write-backs fill (<c>docs/salesforce-package.md</c>).</summary>
internal static class PackageFields
{
    public const string StripeId = "Stripe_ID__c";

    /// <summary>The Dashboard link fields an order can carry; a Sync Record copies whichever its order got.</summary>
    public static IReadOnlyList<string> OrderLinks { get; } = ["Stripe_Subscription_Payment_Link__c", "Stripe_Invoice_Payment_Link__c"];
}
