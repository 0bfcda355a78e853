namespace CpqSync.Core.Planning;

/// <summary>What a plan step does in Stripe. Each maps to exactly one Stripe API call.</summary>
public enum StripeOperationKind
{
    CreateTestClock,
    CreateCustomer,
    UpdateCustomer,
    CreateProduct,
    UpdateProduct,
    CreateBillingMeter,
    CreatePrice,
    ArchivePrice,
    CreateCoupon,
    CreateSubscriptionSchedule,
    UpdateSubscriptionSchedule,
    CancelSubscriptionSchedule,
    ReleaseSubscriptionSchedule,
    CreateSubscription,
    UpdateSubscription,
    CancelSubscription,
    CreateInvoice,
    CreateInvoiceItem,
}
