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

    /// <summary>
    /// <c>POST /v1/invoices/{id}/add_lines</c>: all of an invoice's lines in one call, each an invoice item. Not a create:
    /// Stripe answers with the invoice, which existed before.
    /// </summary>
    AddInvoiceLines,
}

/// <summary>Rules about <see cref="StripeOperationKind"/> that the applier and the engine share.</summary>
public static class StripeOperationKinds
{
    /// <summary>
    /// Whether the operation makes a new Stripe object (as opposed to changing, archiving or cancelling one): Stripe's
    /// answer names an object that did not exist before, which a crash may leave behind unrecorded.
    /// </summary>
    public static bool IsCreate(this StripeOperationKind kind) => kind switch
    {
        StripeOperationKind.CreateTestClock or StripeOperationKind.CreateCustomer or StripeOperationKind.CreateProduct
            or StripeOperationKind.CreateBillingMeter or StripeOperationKind.CreatePrice or StripeOperationKind.CreateCoupon
            or StripeOperationKind.CreateSubscriptionSchedule or StripeOperationKind.CreateSubscription
            or StripeOperationKind.CreateInvoice or StripeOperationKind.CreateInvoiceItem => true,
        _ => false,
    };
}
