using CpqSync.Core.Planning;

namespace CpqSync.Core.Tests;

public class StripeOperationKindTests
{
    /// <summary>
    /// The one rule the applier (which remembers create answers) and the engine (which records what an attempt may have
    /// created) share: exactly the operations that make a new Stripe object are creates.
    /// </summary>
    [Theory]
    [InlineData(StripeOperationKind.CreateTestClock, true)]
    [InlineData(StripeOperationKind.CreateCustomer, true)]
    [InlineData(StripeOperationKind.UpdateCustomer, false)]
    [InlineData(StripeOperationKind.CreateProduct, true)]
    [InlineData(StripeOperationKind.UpdateProduct, false)]
    [InlineData(StripeOperationKind.CreateBillingMeter, true)]
    [InlineData(StripeOperationKind.CreatePrice, true)]
    [InlineData(StripeOperationKind.ArchivePrice, false)]
    [InlineData(StripeOperationKind.CreateCoupon, true)]
    [InlineData(StripeOperationKind.CreateSubscriptionSchedule, true)]
    [InlineData(StripeOperationKind.UpdateSubscriptionSchedule, false)]
    [InlineData(StripeOperationKind.CancelSubscriptionSchedule, false)]
    [InlineData(StripeOperationKind.ReleaseSubscriptionSchedule, false)]
    [InlineData(StripeOperationKind.CreateSubscription, true)]
    [InlineData(StripeOperationKind.UpdateSubscription, false)]
    [InlineData(StripeOperationKind.CancelSubscription, false)]
    [InlineData(StripeOperationKind.CreateInvoice, true)]
    [InlineData(StripeOperationKind.CreateInvoiceItem, true)]
    [InlineData(StripeOperationKind.AddInvoiceLines, false)]
    public void Exactly_the_operations_that_make_a_stripe_object_are_creates(StripeOperationKind kind, bool create)
    {
        Assert.Equal(create, kind.IsCreate());
    }

    [Fact]
    public void Every_kind_is_named_in_the_rule_test()
    {
        // A new kind must be added above, deciding whether it creates.
        Assert.Equal(19, Enum.GetValues<StripeOperationKind>().Length);
    }
}
