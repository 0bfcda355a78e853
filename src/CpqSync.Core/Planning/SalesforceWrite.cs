namespace CpqSync.Core.Planning;

/// <summary>Whether a write-back updates an existing record or creates a new one.</summary>
public enum SalesforceWriteKind
{
    Update,
    Create,
}

/// <summary>
/// A write to Salesforce once the Stripe calls ran: Stripe ids and Dashboard links on the synced records, and the
/// <c>Order_Stripe_Coupon__c</c> copies of the quote's coupons.
/// </summary>
public sealed record SalesforceWrite(
    SalesforceWriteKind Kind,
    string SObjectType,
    string? RecordId,
    IReadOnlyList<KeyValuePair<string, ParamValue>> Fields);
