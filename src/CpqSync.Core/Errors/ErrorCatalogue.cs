using System.Globalization;
using System.Text;

namespace CpqSync.Core.Errors;

/// <summary>
/// The exact user-facing messages of docs/behaviour.md §12.1. The documented wording wins over the reference
/// implementation's wording wherever both exist, so users can search the Stripe docs for them.
/// </summary>
public static class ErrorCatalogue
{
    private static readonly Dictionary<SyncErrorCode, (string Message, ErrorClass Class)> Entries = new()
    {
        [SyncErrorCode.DaysUntilDueUnsupported] = ("Unsupported field value for days_until_due.", ErrorClass.User),
        [SyncErrorCode.RequiredMappingEmpty] = ("Required mappings were empty for the Stripe object.", ErrorClass.User),
        [SyncErrorCode.OrderLineNotActive] = ("The order line was deleted or not activated.", ErrorClass.User),
        [SyncErrorCode.InitialOrderFiltered] = ("The connector attempted to sync the amendment order when the initial order was skipped, because it didn't match custom sync filters.", ErrorClass.User),
        [SyncErrorCode.AmendmentNotCoterminous] = ("Order amendments must co-terminate with the initial order.", ErrorClass.User),
        [SyncErrorCode.EvergreenSubscriptionCanceled] = ("The Stripe subscription for the evergreen order has already been canceled and can't be modified.", ErrorClass.User),
        [SyncErrorCode.ScheduleCanceled] = ("The Stripe subscription schedule has already been canceled and can't be modified.", ErrorClass.User),
        [SyncErrorCode.AmendmentNotAnniversary] = ("Amendment orders must start on the same day of the month as the initial order. Enable the feature for non-anniversary amendments to sync amendments on any day of the month.", ErrorClass.User),
        [SyncErrorCode.AmendmentTermNotWholeMonths] = ("The amendment order subscription term doesn't equal a number of whole months between the start and end date.", ErrorClass.User),
        [SyncErrorCode.ScheduleNotFound] = ("Unable to find the corresponding Stripe subscription schedule for the amendment order.", ErrorClass.User),
        [SyncErrorCode.BackendProrationAmendmentUnsupported] = ("The backend prorated order amendment case isn't supported.", ErrorClass.Internal),
        [SyncErrorCode.AmendmentAllOneTime] = ("The amendment order represents all one-time invoices.", ErrorClass.User),
        [SyncErrorCode.AmendmentTerminatedWithOneTime] = ("The amendment order has one-time invoice items but terminates the order.", ErrorClass.User),
        [SyncErrorCode.AmendmentMultipleContracts] = ("More than one contract was found for the amendment order.", ErrorClass.User),
        [SyncErrorCode.AmendmentMultipleQuotes] = ("More than one quote was found for the amendment order.", ErrorClass.User),
        [SyncErrorCode.AmendmentNoQuote] = ("The order amendment isn't associated with a quote.", ErrorClass.User),
        [SyncErrorCode.OrderNoQuote] = ("There's no CPQ quote associated with the Salesforce order. Orders pushed to Stripe must have a related CPQ quote.", ErrorClass.User),
        [SyncErrorCode.InitialQuoteNotFound] = ("Unable to find the initial Salesforce CPQ quote associated with the order amendment.", ErrorClass.User),
        [SyncErrorCode.TermDecimal] = ("You can't specify the subscription term as a decimal value.", ErrorClass.User),
        [SyncErrorCode.BillingFrequencyUnsupported] = ("Billing frequency isn't a supported CPQ Billing Frequency option.", ErrorClass.User),
        [SyncErrorCode.PriceDataChanged] = ("Found a corresponding Stripe price for the Salesforce price, but the price data has changed.", ErrorClass.User),
        [SyncErrorCode.MultipleConsumptionSchedules] = ("More than one consumption schedule is linked to a pricebook, but there can only be one.", ErrorClass.User),
        [SyncErrorCode.TierBoundDecimal] = ("A decimal value was provided for the upper tier bound, but consumption rate tier bounds must be integers.", ErrorClass.User),
        [SyncErrorCode.PricingMethodUnsupported] = ("The pricing method on the consumption rate isn't supported.", ErrorClass.User),
        [SyncErrorCode.ConsumptionScheduleTypeUnsupported] = ("The consumption schedule type isn't supported.", ErrorClass.User),
        [SyncErrorCode.UnitAmountEmpty] = ("The unit_amount_decimal field can't be empty for Stripe price objects.", ErrorClass.User),
        [SyncErrorCode.BillingSchemeUnexpected] = ("Unexpected billing_scheme value on Stripe price.", ErrorClass.User),
        [SyncErrorCode.PricingIntervalUnsupported] = ("The pricing interval isn't supported.", ErrorClass.User),
        [SyncErrorCode.StripePriceEmpty] = ("The retrieved Stripe price was empty.", ErrorClass.User),
        [SyncErrorCode.DuplicateInfiniteTier] = ("Two tiers were found with an infinite boundary on the same price.", ErrorClass.User),
        [SyncErrorCode.DefaultCurrencyMissing] = ("The default currency isn't specified on your account configuration.", ErrorClass.User),
        [SyncErrorCode.ProductBillingTypeUnsupported] = ("Product billing type isn't a supported CPQ Product Billing Type option.", ErrorClass.User),
        [SyncErrorCode.EvergreenRenewableAdded] = ("Adding Salesforce products with a renewable type to evergreen orders isn't supported.", ErrorClass.User),
        [SyncErrorCode.EvergreenMixed] = ("Salesforce orders with both Evergreen and Renewable items are not yet supported.", ErrorClass.User),
        [SyncErrorCode.EvergreenTermNotOne] = ("Evergreen Salesforce orders should have default subscription term and quote subscription term equal to 1.", ErrorClass.User),
        [SyncErrorCode.EvergreenBackdated] = ("Backdated evergreen Salesforce orders are not yet supported.", ErrorClass.User),
        [SyncErrorCode.EvergreenAmendNotStarted] = ("Amending a Salesforce evergreen order that has not started is not yet supported.", ErrorClass.User),
        [SyncErrorCode.EvergreenFutureAmendment] = ("Amendment(s) with start dates in the future was not processed by the connector.", ErrorClass.User),
        [SyncErrorCode.TerminationNotLast] = ("A termination order is processing, but more amendments are queued.", ErrorClass.User),
        [SyncErrorCode.TerminationQtyExceeds] = ("Termination quantity is greater than the aggregate quantity for the order item.", ErrorClass.User),
        [SyncErrorCode.RevisedLineMissing] = ("Any order items, revising order items in a previous order, must not be skipped in the previous order. Order line with ID '{0}' could not be found.", ErrorClass.User),
        [SyncErrorCode.QuantityNotInteger] = ("Order line '{0}' ({1}) has a decimal quantity ({2}). Only whole-number quantities are supported.", ErrorClass.User),
        [SyncErrorCode.MeteredQuantityGtOne] = ("Order lines with a price configured for metered billing cannot have a quantity greater than 1.", ErrorClass.User),
        [SyncErrorCode.TooManyRecurringLines] = ("Order '{0}' has {1} recurring lines; at most {2} are supported.", ErrorClass.User),
        [SyncErrorCode.MixedBillingIntervals] = ("All recurring lines on order '{0}' must share the same billing interval and interval count.", ErrorClass.User),
        [SyncErrorCode.MdqSegmentDatesMismatch] = ("Amendment order segment dates do not match initial order segment dates.", ErrorClass.User),
        [SyncErrorCode.MdqSegmentPhaseAmbiguous] = ("Segment {0} of order '{1}' matches {2} schedule phases; expected exactly 1.", ErrorClass.Internal),
        [SyncErrorCode.RateLimited] = ("The request rate limit was exceeded.", ErrorClass.Transient),
        [SyncErrorCode.CouponAssociationMismatch] = ("The number of Quote or Quote Line Associations differs from the Order or Item coupons.", ErrorClass.Internal),
        [SyncErrorCode.PriceMultiplierMismatch] = ("The calculated price multiplier differs from the CPQ price multiplier.", ErrorClass.Internal),
        [SyncErrorCode.MultipleBackendProrationPhases] = ("More than one backend proration phase found.", ErrorClass.Internal),
        [SyncErrorCode.StripeApiError] = ("{0}", ErrorClass.User),
        [SyncErrorCode.SalesforceApiError] = ("{0}", ErrorClass.Transient),
        [SyncErrorCode.MixedCurrencies] = ("All lines on order '{0}' must use one currency; found {1}.", ErrorClass.User),
        [SyncErrorCode.TooManyPhases] = ("The subscription schedule for order '{0}' would have {1} phases; at most {2} are supported.", ErrorClass.User),
        [SyncErrorCode.CouponCurrencyMismatch] = ("Coupon '{0}' is an amount-off coupon in {1}, but the order is in {2}.", ErrorClass.User),
        [SyncErrorCode.QuantityNegative] = ("Order line '{0}' ({1}) has a negative quantity ({2}). Quantities must be zero or more.", ErrorClass.User),
        [SyncErrorCode.TooManyOneTimeLines] = ("Order '{0}' has {1} one-time lines for one phase; at most {2} are supported.", ErrorClass.User),
        [SyncErrorCode.AmountOutOfBounds] = ("The price of '{0}' ({1}) would be {2} minor units per unit; Stripe accepts at most {3}.", ErrorClass.User),
        [SyncErrorCode.StripeObjectAmbiguous] = ("Stripe holds {0} {1} objects that could be the one CpqSync made for {2} {3} ({4}); CpqSync will not guess which to use.", ErrorClass.User),
        [SyncErrorCode.MappingUnknownObjectKey] = ("Mapping '{0}': '{1}' is not a Stripe object key CpqSync maps.", ErrorClass.User),
        [SyncErrorCode.MappingUnknownSalesforceField] = ("Mapping '{0}': field '{1}' does not exist on {2} or is not readable.", ErrorClass.User),
        [SyncErrorCode.MappingToManyPath] = ("Mapping '{0}': '{1}' is not a to-one lookup on {2}; only to-one relationships can be followed.", ErrorClass.User),
        [SyncErrorCode.MappingUnknownStripeField] = ("Mapping '{0}': '{1}' is not a parameter of the Stripe {2} object.", ErrorClass.User),
        [SyncErrorCode.MappingReadOnlyStripeField] = ("Mapping '{0}': '{1}' cannot be set when creating a Stripe {2}.", ErrorClass.User),
        [SyncErrorCode.MappingConnectorOwnedField] = ("Mapping '{0}': '{1}' is set by CpqSync and cannot be mapped.", ErrorClass.User),
        [SyncErrorCode.MappingTypeMismatch] = ("Mapping '{0}': a {1} value cannot be written to '{2}', which expects {3}.", ErrorClass.User),
    };

    public static ErrorClass ClassOf(SyncErrorCode code) => Entries[code].Class;

    /// <summary>The catalogue message with its placeholders (<c>{0}</c>, ...) filled in.</summary>
    public static string Message(SyncErrorCode code, params object?[] args)
    {
        var template = Entries[code].Message;
        return args.Length == 0 ? template : string.Format(CultureInfo.InvariantCulture, template, args);
    }

    /// <summary>SCREAMING_SNAKE form used in Sync Records (<c>Error_Code__c</c>) and in JSON.</summary>
    public static string CodeName(SyncErrorCode code)
    {
        var name = code.ToString();
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
