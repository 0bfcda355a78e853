using CpqSync.Core.Configuration;
using CpqSync.Core.Salesforce;

namespace CpqSync.Engine.Snapshots;

/// <summary>
/// The fields the planner reads, per sObject. A name ending in <c>?</c> is read only when the org has it (a field
/// of a feature the org may not use); every other one must exist, so a missing field is a clear error up front
/// instead of a plan computed from silently absent values.
/// </summary>
internal static class PlannerFields
{
    public const string Order = "Order";
    public const string OrderItem = "OrderItem";
    public const string Account = "Account";
    public const string Contact = "Contact";
    public const string Opportunity = "Opportunity";
    public const string Quote = "SBQQ__Quote__c";
    public const string QuoteLine = "SBQQ__QuoteLine__c";
    public const string Contract = "Contract";
    public const string Product = "Product2";
    public const string PricebookEntry = "PricebookEntry";
    public const string ProductConsumptionSchedule = "ProductConsumptionSchedule";
    public const string ConsumptionSchedule = "ConsumptionSchedule";
    public const string ConsumptionRate = "ConsumptionRate";
    public const string OrderItemConsumptionSchedule = "SBQQ__OrderItemConsumptionSchedule__c";
    public const string OrderItemConsumptionRate = "SBQQ__OrderItemConsumptionRate__c";
    public const string Coupon = PackageFields.CouponObject;
    public const string QuoteCouponAssociation = PackageFields.QuoteCouponAssociationObject;
    public const string QuoteLineCouponAssociation = PackageFields.QuoteLineCouponAssociationObject;
    public const string OrderCoupon = PackageFields.OrderCouponObject;

    /// <summary>CpqSync's coupon objects: read only when coupons are on (docs/behaviour.md §9).</summary>
    public static IReadOnlySet<string> CouponObjects { get; } =
        new HashSet<string>([Coupon, QuoteCouponAssociation, QuoteLineCouponAssociation, OrderCoupon], StringComparer.OrdinalIgnoreCase);

    /// <summary>Objects whose currency the planner compares; the field exists only in multi-currency orgs.</summary>
    private static readonly HashSet<string> CurrencyObjects = new([Order, OrderItem, PricebookEntry, Coupon], StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, SnapshotField[]> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        [Order] =
        [
            "Status", "ActivatedDate", "SystemModstamp", "AccountId", "OpportunityId", "SBQQ__Quote__c", "ContractId", "OrderNumber", "EffectiveDate",
            "EndDate", "Type", "Description", "SBQQ__PaymentTerm__c", PackageFields.StripeId, "Skip_Past_Initial_Invoices__c?", "IsDeleted?",
        ],
        [OrderItem] =
        [
            "OrderId", "OrderItemNumber", "Product2Id", "PricebookEntryId", "Quantity", "UnitPrice", "TotalPrice", "ServiceDate",
            "EndDate", "SBQQ__QuoteLine__c", "SBQQ__OrderedQuantity__c", "SBQQ__BillingFrequency__c", "SBQQ__BillingType__c",
            "SBQQ__ChargeType__c", "SBQQ__SubscriptionPricing__c", "SBQQ__SubscriptionType__c", "SBQQ__SubscriptionTerm__c",
            "SBQQ__DefaultSubscriptionTerm__c", "SBQQ__ProrateMultiplier__c", "SBQQ__RevisedOrderProduct__c", "SBQQ__SegmentIndex__c",
            "SBQQ__SegmentKey__c", "SBQQ__SegmentLabel__c", PackageFields.StripeId, "Skip_Line_Item__c", "SBQQ__Activated__c?", "IsDeleted?",
        ],
        [Account] = ["Name", "Description", PackageFields.StripeId],
        [Contact] = ["Name", "Email"],
        [Opportunity] = ["AccountId", "SBQQ__AmendedContract__c", "SBQQ__RenewedContract__c"],
        [Quote] =
        [
            "SBQQ__Opportunity2__c", "SBQQ__Primary__c", "SBQQ__PrimaryContact__c", "SBQQ__StartDate__c", "SBQQ__EndDate__c",
            "SBQQ__SubscriptionTerm__c", "SBQQ__PaymentTerms__c",
        ],
        [QuoteLine] = ["SBQQ__Quote__c", "SBQQ__StartDate__c", "SBQQ__EndDate__c", "SBQQ__SegmentIndex__c", "SBQQ__SegmentLabel__c"],
        [Contract] = ["AccountId", "Status", "StartDate", "SBQQ__Order__c", "SBQQ__Quote__c"],
        [Product] =
        [
            "Name", "Description", PackageFields.StripeId, "SBQQ__BillingFrequency__c", "SBQQ__BillingType__c", "SBQQ__SubscriptionPricing__c",
            "SBQQ__SubscriptionType__c", "SBQQ__SubscriptionTerm__c", "IsActive?",
        ],
        [PricebookEntry] = ["Product2Id", "Pricebook2Id", "UnitPrice", PackageFields.StripeId, "IsActive?"],
        [ProductConsumptionSchedule] = ["ProductId", "ConsumptionScheduleId"],
        [ConsumptionSchedule] = ["Type", "RatingMethod", "IsActive?", "IsDeleted?"],
        [ConsumptionRate] = ["ConsumptionScheduleId", "LowerBound", "UpperBound", "PricingMethod", "Price", "IsDeleted?"],
        [OrderItemConsumptionSchedule] = ["SBQQ__OrderItem__c", "SBQQ__Type__c", "SBQQ__RatingMethod__c", "IsDeleted?"],
        [OrderItemConsumptionRate] =
        [
            "SBQQ__OrderItemConsumptionSchedule__c", "SBQQ__LowerBound__c", "SBQQ__UpperBound__c", "SBQQ__PricingMethod__c",
            "SBQQ__Price__c", "IsDeleted?",
        ],
        [Coupon] =
        [
            PackageFields.Coupon.Name, PackageFields.Coupon.AmountOff, PackageFields.Coupon.PercentOff, PackageFields.Coupon.Duration,
            PackageFields.Coupon.DurationInMonths, PackageFields.Coupon.MaxRedemptions, PackageFields.StripeId,
        ],
        [QuoteCouponAssociation] = [PackageFields.CouponAssociation.Quote, PackageFields.CouponAssociation.Coupon],
        [QuoteLineCouponAssociation] = [PackageFields.CouponAssociation.QuoteLine, PackageFields.CouponAssociation.Coupon],
        [OrderCoupon] = [PackageFields.OrderCoupon.Order, PackageFields.OrderCoupon.OrderItem, PackageFields.OrderCoupon.QuoteCouponId, PackageFields.StripeId],
    };

    /// <summary>
    /// Parents read in the same row as the child through relationship paths (up to five levels in SOQL): the
    /// order brings its account, opportunity, quote and the quote's primary contact; a line its product, price
    /// book entry and quote line.
    /// </summary>
    private static readonly Dictionary<string, (string Path, string Parent)[]> Parents = new(StringComparer.OrdinalIgnoreCase)
    {
        [Order] = [("Account", Account), ("Opportunity", Opportunity), ("SBQQ__Quote__r", Quote), ("SBQQ__Quote__r.SBQQ__PrimaryContact__r", Contact)],
        [OrderItem] = [("Product2", Product), ("PricebookEntry", PricebookEntry), ("SBQQ__QuoteLine__r", QuoteLine)],
        [ProductConsumptionSchedule] = [("ConsumptionSchedule", ConsumptionSchedule)],
        [QuoteCouponAssociation] = [(PackageFields.CouponAssociation.CouponRelationship, Coupon)],
        [QuoteLineCouponAssociation] = [(PackageFields.CouponAssociation.CouponRelationship, Coupon)],
    };

    public static IReadOnlyList<(string Path, string Parent)> ParentsOf(string sObject) => Parents.TryGetValue(sObject, out var parents) ? parents : [];

    /// <summary>Every object a snapshot may read, whatever the configuration.</summary>
    public static IEnumerable<string> AllObjects => Fields.Keys;

    /// <summary>The objects a snapshot reads under <paramref name="configuration"/>.</summary>
    public static IEnumerable<string> Objects(SyncConfiguration configuration) =>
        Fields.Keys.Where(o => configuration.Settings.Coupons || !CouponObjects.Contains(o));

    /// <summary>
    /// Every field of <paramref name="sObject"/> the planner may read under <paramref name="configuration"/>: the
    /// built-in ones, the currency when the org is multi-currency, the custom price field and the first hop of
    /// each custom mapping that reads from this object.
    /// </summary>
    public static IReadOnlyList<SnapshotField> For(string sObject, SyncConfiguration configuration)
    {
        var settings = configuration.Settings;
        var fields = new List<SnapshotField> { "Id" };
        fields.AddRange(Fields[sObject]);
        if (CurrencyObjects.Contains(sObject))
        {
            fields.Add(new SnapshotField("CurrencyIsoCode", Optional: !settings.MultiCurrencyEnabled));
        }
        if (string.Equals(sObject, OrderItem, StringComparison.OrdinalIgnoreCase) && settings.CustomPriceField is { Length: > 0 } priceField)
        {
            fields.Add(priceField);
        }

        foreach (var path in MappingPaths(sObject, configuration))
        {
            fields.Add(path);
        }

        return fields.DistinctBy(static f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The custom mapping paths that start from <paramref name="sObject"/>, without the object's own name.</summary>
    public static IEnumerable<string> MappingPaths(string sObject, SyncConfiguration configuration)
    {
        foreach (var (objectKey, mappings) in configuration.FieldMappings)
        {
            if (!StripeObjectKeys.SourceObject.TryGetValue(objectKey, out var source) || !string.Equals(source, sObject, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var path in mappings.Values.Where(static p => !string.IsNullOrWhiteSpace(p)))
            {
                var trimmed = path.Trim();
                yield return trimmed.StartsWith(sObject + ".", StringComparison.OrdinalIgnoreCase) ? trimmed[(sObject.Length + 1)..] : trimmed;
            }
        }
    }
}
