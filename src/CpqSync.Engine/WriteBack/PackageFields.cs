namespace CpqSync.Engine.WriteBack;

/// <summary>
/// Objects and fields of CpqSync's package that the engine reads and writes (<c>docs/salesforce-package.md</c>), and the
/// system stamps those writes move; the CPQ objects a snapshot reads are in <c>PlannerFields</c>.
/// </summary>
internal static class PackageFields
{
    public const string StripeId = "Stripe_ID__c";

    /// <summary>The Sync Record object a user reads a sync's outcome on.</summary>
    public const string SyncRecordObject = "Stripe_Sync_Record__c";

    /// <summary>The Dashboard link fields an order can carry; a Sync Record copies whichever its order got.</summary>
    public static IReadOnlyList<string> OrderLinks { get; } = ["Stripe_Subscription_Payment_Link__c", "Stripe_Invoice_Payment_Link__c"];

    /// <summary>
    /// Every field CpqSync writes back onto Salesforce records (ids, Dashboard links, subscription status): a change to
    /// only these, made by CpqSync's own user, is its own echo and needs no sync.
    /// </summary>
    public static IReadOnlySet<string> WriteBackFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        StripeId, "Stripe_Customer_Link__c", "Stripe_Subscription_Payment_Link__c", "Stripe_Invoice_Payment_Link__c",
        "Stripe_Subscription_Status__c", "Stripe_Current_Phase__c", "Stripe_Next_Invoice_Date__c", "Stripe_Latest_Invoice_Status__c",
        "Stripe_Latest_Invoice_Amount__c", "Stripe_Amount_Due__c", "Stripe_Status_Updated__c",
    };

    /// <summary>
    /// Salesforce's audit stamps, which every update moves (CpqSync's write-back too): never a change of the record's
    /// content, so the content hash and the change-event echo filter both ignore them.
    /// </summary>
    public static IReadOnlySet<string> SystemStamps { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "SystemModstamp", "LastModifiedDate", "LastModifiedById", "LastReferencedDate", "LastViewedDate",
    };
}
