namespace CpqSync.Core.Salesforce;

/// <summary>
/// Objects and fields of CpqSync's Salesforce package that CpqSync reads and writes (<c>docs/salesforce-package.md</c>),
/// and the system stamps those writes move: the one place their API names are spelled. The CPQ objects a snapshot
/// reads are in the engine's <c>PlannerFields</c>.
/// </summary>
public static class PackageFields
{
    /// <summary>The Stripe id field every synced object carries (account, product, price book entry, order, line, coupon).</summary>
    public const string StripeId = "Stripe_ID__c";

    /// <summary>The account's link to its Stripe customer in the Dashboard.</summary>
    public const string CustomerLink = "Stripe_Customer_Link__c";

    /// <summary>The order's link to its Stripe subscription (schedule) in the Dashboard.</summary>
    public const string SubscriptionPaymentLink = "Stripe_Subscription_Payment_Link__c";

    /// <summary>The order's link to its Stripe invoice in the Dashboard (one-time orders).</summary>
    public const string InvoicePaymentLink = "Stripe_Invoice_Payment_Link__c";

    public const string SubscriptionStatus = "Stripe_Subscription_Status__c";

    public const string CurrentPhase = "Stripe_Current_Phase__c";

    public const string NextInvoiceDate = "Stripe_Next_Invoice_Date__c";

    public const string LatestInvoiceStatus = "Stripe_Latest_Invoice_Status__c";

    public const string LatestInvoiceAmount = "Stripe_Latest_Invoice_Amount__c";

    public const string AmountDue = "Stripe_Amount_Due__c";

    public const string StatusUpdated = "Stripe_Status_Updated__c";

    /// <summary>The Sync Record object a user reads a sync's outcome on.</summary>
    public const string SyncRecordObject = "Stripe_Sync_Record__c";

    /// <summary>The fields of <see cref="SyncRecordObject"/> CpqSync writes.</summary>
    public static class SyncRecord
    {
        public const string CompoundId = "Compound_ID__c";
        public const string PrimaryRecordId = "Primary_Record_ID__c";
        public const string PrimaryObjectType = "Primary_Object_Type__c";
        public const string SecondaryRecordId = "Secondary_Record_ID__c";
        public const string SecondaryObjectType = "Secondary_Object_Type__c";
        public const string ResolutionStatus = "Resolution_Status__c";
        public const string ResolutionMessage = "Resolution_Message__c";
        public const string ResolutionDocumentationLink = "Resolution_Documentation_Link__c";
        public const string ErrorCode = "Error_Code__c";
        public const string Retryable = "Retryable__c";
        public const string Attempt = "Attempt__c";
        public const string StripeObjectId = "Stripe_Object_ID__c";
        public const string StripeDashboardLink = "Stripe_Dashboard_Link__c";
        public const string StripeRequestDashboardLink = "Stripe_Request_Dashboard_Link__c";
        public const string StartedAt = "Started_At__c";
        public const string CompletedAt = "Completed_At__c";
        public const string Order = "Order__c";
        public const string Account = "Account__c";
    }

    /// <summary>A Stripe coupon a user defines in Salesforce and attaches to quotes and quote lines (docs/behaviour.md §9).</summary>
    public const string CouponObject = "Quote_Stripe_Coupon__c";

    /// <summary>Attaches a <see cref="CouponObject"/> to a quote (an order-level coupon).</summary>
    public const string QuoteCouponAssociationObject = "Quote_Stripe_Coupon_Association__c";

    /// <summary>Attaches a <see cref="CouponObject"/> to a quote line (a line-level coupon).</summary>
    public const string QuoteLineCouponAssociationObject = "Quote_Line_Stripe_Coupon_Association__c";

    /// <summary>CpqSync's copy of a quote's coupon on the order or order product it was applied to.</summary>
    public const string OrderCouponObject = "Order_Stripe_Coupon__c";

    /// <summary>The terms of <see cref="CouponObject"/>, which <see cref="OrderCouponObject"/> copies carry too.</summary>
    public static class Coupon
    {
        public const string Name = "Name__c";
        public const string PercentOff = "Percent_Off__c";
        public const string AmountOff = "Amount_Off__c";
        public const string Duration = "Duration__c";
        public const string DurationInMonths = "Duration_In_Months__c";
        public const string MaxRedemptions = "Max_Redemptions__c";

        /// <summary>Every term, in the order a copy lists them.</summary>
        public static IReadOnlyList<string> Terms { get; } = [Name, PercentOff, AmountOff, Duration, DurationInMonths, MaxRedemptions];
    }

    /// <summary>The fields of <see cref="QuoteCouponAssociationObject"/> and <see cref="QuoteLineCouponAssociationObject"/>.</summary>
    public static class CouponAssociation
    {
        /// <summary>The quote (on <see cref="QuoteCouponAssociationObject"/>).</summary>
        public const string Quote = "Quote__c";

        /// <summary>The quote line (on <see cref="QuoteLineCouponAssociationObject"/>).</summary>
        public const string QuoteLine = "Quote_Line__c";

        /// <summary>The coupon's lookup, and its relationship name for reading the coupon in the same row.</summary>
        public const string Coupon = "Quote_Stripe_Coupon__c";
        public const string CouponRelationship = "Quote_Stripe_Coupon__r";
    }

    /// <summary>The fields of <see cref="OrderCouponObject"/> besides the copied terms: its owner (one of two) and its source.</summary>
    public static class OrderCoupon
    {
        public const string Order = "Order__c";
        public const string OrderItem = "Order_Item__c";
        public const string QuoteCouponId = "Quote_Stripe_Coupon_Id__c";
    }

    /// <summary>The Dashboard link fields an order can carry; a Sync Record copies whichever its order got.</summary>
    public static IReadOnlyList<string> OrderLinks { get; } = [SubscriptionPaymentLink, InvoicePaymentLink];

    /// <summary>
    /// Every field CpqSync writes back onto Salesforce records (ids, Dashboard links, subscription status): a change to
    /// only these, made by CpqSync's own user, is its own echo and needs no sync.
    /// </summary>
    public static IReadOnlySet<string> WriteBackFields { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        StripeId, CustomerLink, SubscriptionPaymentLink, InvoicePaymentLink,
        SubscriptionStatus, CurrentPhase, NextInvoiceDate, LatestInvoiceStatus,
        LatestInvoiceAmount, AmountDue, StatusUpdated,
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
