using CpqSync.Core.Configuration;
using CpqSync.Core.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>One field CpqSync maps itself (docs/behaviour.md §1–§4): read-only in the mapping step, overridable by a custom mapping unless connector-owned.</summary>
public sealed record BuiltInMapping(string Source, string Destination, string Remark = "");

/// <summary>What each Stripe object receives without any configuration, as the mapping step lists it.</summary>
public static class BuiltInMappings
{
    public static IReadOnlyDictionary<string, IReadOnlyList<BuiltInMapping>> ByObjectKey { get; } = new Dictionary<string, IReadOnlyList<BuiltInMapping>>(StringComparer.Ordinal)
    {
        [StripeObjectKeys.Customer] =
        [
            new("Name", "name"), new("Description", "description"),
            new("Quote's primary contact email", "email", "when the preference is on"),
            new("Id and record link", "metadata.salesforce_account_id / _link", "connector-owned"),
        ],
        [StripeObjectKeys.Product] = [new("Name", "name"), new("Description", "description"), new("Id and record link", "metadata", "connector-owned")],
        [StripeObjectKeys.Price] =
        [
            new("Product2 (synced product)", "product", "connector-owned"), new("UnitPrice", "unit_amount_decimal", "per billing period, minor units"),
            new("SBQQ__BillingFrequency__c", "recurring.interval_count"), new("SBQQ__BillingType__c", "recurring.usage_type"),
            new("CPQ term unit setting", "recurring.interval"), new("CurrencyIsoCode or billing currency", "currency"),
        ],
        [StripeObjectKeys.PriceOrderItem] =
        [
            new("OrderItem.UnitPrice or custom price field", "unit_amount_decimal"), new("SBQQ__BillingFrequency__c", "recurring.interval_count"),
            new("SBQQ__BillingType__c", "recurring.usage_type"), new("CurrencyIsoCode or billing currency", "currency"),
        ],
        [StripeObjectKeys.SubscriptionSchedule] =
        [
            new("Account (synced customer)", "customer", "connector-owned"), new("SBQQ__Quote__c.SBQQ__StartDate__c", "start_date"),
            new("Quote subscription term", "phases.iterations"), new("(default)", "end_behavior", "cancel"),
            new("SBQQ__Quote__c.SBQQ__PaymentTerm__c", "default_settings.invoice_settings.days_until_due"),
            new("Id and record link", "metadata, phases.metadata", "connector-owned"),
        ],
        [StripeObjectKeys.SubscriptionItem] = [new("OrderItem price", "price", "connector-owned"), new("SBQQ__OrderedQuantity__c / Quantity", "quantity")],
        [StripeObjectKeys.Subscription] = [new("Account (synced customer)", "customer", "connector-owned"), new("OrderItems", "items", "connector-owned")],
        [StripeObjectKeys.Coupon] =
        [
            new(PackageFields.Coupon.Name, "name"), new($"{PackageFields.Coupon.PercentOff} / {PackageFields.Coupon.AmountOff}", "percent_off / amount_off"),
            new(PackageFields.Coupon.Duration, "duration"),
        ],
        [StripeObjectKeys.Invoice] = [new("Account (synced customer)", "customer", "connector-owned"), new("Id and record link", "metadata", "connector-owned")],
        [StripeObjectKeys.InvoiceItem] = [new("OrderItem price", "price", "connector-owned"), new("Quantity", "quantity")],
    };
}
