namespace CpqSync.Core.Errors;

/// <summary>
/// What a user does about each catalogue error (the "Fix" column of docs/behaviour.md §12.1), worded as an instruction. The web
/// app's order page shows it beside the error; after the fix, "Sync now" retries the order.
/// </summary>
public static class ErrorHints
{
    private const string Unsyncable = "This order can't be synced any more: create a new order for the change.";
    private const string Support = "This is unexpected: report it with the order id and the message above.";

    private static readonly Dictionary<SyncErrorCode, string> Hints = new()
    {
        [SyncErrorCode.DaysUntilDueUnsupported] = "Set the quote's Payment Term (SBQQ__PaymentTerm__c) to a whole number of days or Net 15/30/45/60/90, or fix the days_until_due mapping.",
        [SyncErrorCode.RequiredMappingEmpty] = "Fill the empty source fields (start date, subscription term, price…); check the mappings for Subscription Schedule, Subscription Item and Price Order Item.",
        [SyncErrorCode.OrderLineNotActive] = "Activate every line of the order (or remove the deleted line), then sync again.",
        [SyncErrorCode.InitialOrderFiltered] = "Change the Order sync filter or the initial order so that it matches, sync the initial order first, then the amendment.",
        [SyncErrorCode.AmendmentNotCoterminous] = "Correct the amendment's term or end date so that it ends with the initial order.",
        [SyncErrorCode.EvergreenSubscriptionCanceled] = Unsyncable,
        [SyncErrorCode.ScheduleCanceled] = Unsyncable,
        [SyncErrorCode.AmendmentNotAnniversary] = "Start the amendment on the initial order's day of the month, or enable non-anniversary amendments.",
        [SyncErrorCode.AmendmentTermNotWholeMonths] = "Set the amendment's subscription term to the whole number of months between its start and end dates, with an explicit end date.",
        [SyncErrorCode.ScheduleNotFound] = "The Stripe subscription schedule was deleted: " + Unsyncable,
        [SyncErrorCode.BackendProrationAmendmentUnsupported] = Support,
        [SyncErrorCode.AmendmentAllOneTime] = "Create a new order for one-time charges instead of an amendment.",
        [SyncErrorCode.AmendmentTerminatedWithOneTime] = "Move the one-time lines to a new order, then sync the termination again.",
        [SyncErrorCode.AmendmentMultipleContracts] = "Link the amendment's lines to one contract.",
        [SyncErrorCode.AmendmentMultipleQuotes] = "Link the amendment to one CPQ quote.",
        [SyncErrorCode.AmendmentNoQuote] = "Regenerate the amendment order from its CPQ quote.",
        [SyncErrorCode.OrderNoQuote] = "Regenerate the order from its CPQ quote (orders synced to Stripe must come from a CPQ quote).",
        [SyncErrorCode.InitialQuoteNotFound] = "Fix the link from the amendment to its contract and the contract to its original quote.",
        [SyncErrorCode.TermDecimal] = "Use a whole number of months for the subscription term.",
        [SyncErrorCode.BillingFrequencyUnsupported] = "Set SBQQ__BillingFrequency__c to Monthly, Quarterly, Semiannual or Annual.",
        [SyncErrorCode.PriceDataChanged] = "Clear Stripe_ID__c on the price book entry (or order line) and sync again: a new Stripe price is created.",
        [SyncErrorCode.MultipleConsumptionSchedules] = "Keep one consumption schedule on the price book entry.",
        [SyncErrorCode.TierBoundDecimal] = "Use whole numbers for consumption rate upper bounds.",
        [SyncErrorCode.PricingMethodUnsupported] = "Set the consumption rate's pricing method to Per Unit or Flat Fee.",
        [SyncErrorCode.ConsumptionScheduleTypeUnsupported] = "Set the consumption schedule's type to Range or Slab.",
        [SyncErrorCode.UnitAmountEmpty] = "Give the line a price, or fix the price mapping.",
        [SyncErrorCode.BillingSchemeUnexpected] = "Map billing_scheme to per_unit or tiered.",
        [SyncErrorCode.PricingIntervalUnsupported] = "Use Month or Day as the CPQ subscription term unit.",
        [SyncErrorCode.StripePriceEmpty] = "Remove the Stripe price id from the Salesforce record and sync again.",
        [SyncErrorCode.DuplicateInfiniteTier] = "Leave the upper bound empty on one consumption rate only.",
        [SyncErrorCode.DefaultCurrencyMissing] = "Set \"Default (billing) currency\" (or turn on \"Multi-currency\") on the setup wizard's Org and settings page (/setup/org); Refresh there reads them from the org.",
        [SyncErrorCode.ProductBillingTypeUnsupported] = "Set the product's SBQQ__BillingType__c to Advance or Arrears.",
        [SyncErrorCode.EvergreenRenewableAdded] = "Put renewable products on a separate order.",
        [SyncErrorCode.EvergreenMixed] = "Split evergreen and renewable products into separate orders.",
        [SyncErrorCode.EvergreenTermNotOne] = "Set the default subscription term and the quote's subscription term to 1.",
        [SyncErrorCode.EvergreenBackdated] = "Start the evergreen order today or later.",
        [SyncErrorCode.EvergreenAmendNotStarted] = "Wait until the evergreen order has started, then sync the amendment.",
        [SyncErrorCode.EvergreenFutureAmendment] = "Sync the amendment again on its start date.",
        [SyncErrorCode.TerminationNotLast] = "Deactivate the amendments after the termination, or deactivate the termination, sync the amendment, then sync the termination.",
        [SyncErrorCode.TerminationQtyExceeds] = "Fix the termination quantities: they can't exceed what the earlier orders added.",
        [SyncErrorCode.RevisedLineMissing] = "Skip order lines consistently: a line revised by an amendment must be synced in the earlier order too.",
        [SyncErrorCode.QuantityNotInteger] = "Use a whole quantity, or enable fractional quantities.",
        [SyncErrorCode.MeteredQuantityGtOne] = "Set the quantity of metered lines to 1.",
        [SyncErrorCode.TooManyRecurringLines] = "Split the order into orders of at most 20 recurring lines (Stripe's limit of items per phase).",
        [SyncErrorCode.MixedBillingIntervals] = "Give every recurring line of the order the same billing frequency.",
        [SyncErrorCode.MdqSegmentDatesMismatch] = "Align the amendment's start date with the initial order's segment dates.",
        [SyncErrorCode.MdqSegmentPhaseAmbiguous] = Support,
        [SyncErrorCode.RateLimited] = "Nothing to do: the sync retries on its own. Sync now forces a retry.",
        [SyncErrorCode.CouponAssociationMismatch] = Support,
        [SyncErrorCode.PriceMultiplierMismatch] = "Align CpqSync's proration precision with CPQ's Subscription Prorate Precision.",
        [SyncErrorCode.MultipleBackendProrationPhases] = Support,
        [SyncErrorCode.StripeApiError] = "Read Stripe's message above: fix what it names (in Salesforce or the mapping), then sync again.",
        [SyncErrorCode.SalesforceApiError] = "Read Salesforce's message above; a temporary failure retries on its own.",
        [SyncErrorCode.MixedCurrencies] = "Use one currency for every line of the order.",
        [SyncErrorCode.TooManyPhases] = "Split the contract: a Stripe subscription schedule holds a limited number of phases.",
        [SyncErrorCode.CouponCurrencyMismatch] = "Use a percent-off coupon, or an amount-off coupon in the order's currency.",
        [SyncErrorCode.QuantityNegative] = "Set the line's quantity to zero or more; remove seats with an amendment instead.",
        [SyncErrorCode.TooManyOneTimeLines] = "Move one-time lines to a separate order of one-time lines only (billed as one invoice): a phase takes at most 20.",
        [SyncErrorCode.AmountOutOfBounds] = "Correct the line's price, or split it over several lines or a higher quantity.",
        [SyncErrorCode.StripeObjectAmbiguous] = "Archive or delete the extra objects in Stripe, or set Stripe_ID__c to the right one, then sync again.",
        [SyncErrorCode.MappingUnknownObjectKey] = "Fix the mapping in Setup: use one of the Stripe objects CpqSync maps.",
        [SyncErrorCode.MappingUnknownSalesforceField] = "Fix the mapping in Setup: pick a field that exists and the integration user can read.",
        [SyncErrorCode.MappingToManyPath] = "Fix the mapping in Setup: follow only lookup (to-one) relationships.",
        [SyncErrorCode.MappingUnknownStripeField] = "Fix the mapping in Setup: pick a parameter of that Stripe object.",
        [SyncErrorCode.MappingReadOnlyStripeField] = "Fix the mapping in Setup: that Stripe field can't be set on creation.",
        [SyncErrorCode.MappingConnectorOwnedField] = "Remove the mapping in Setup: CpqSync sets that field itself.",
        [SyncErrorCode.MappingTypeMismatch] = "Fix the mapping in Setup: map a field of the type the Stripe parameter expects.",
    };

    public static string For(SyncErrorCode code) => Hints[code];

    /// <summary>The hint for a code as logged (<c>ORDER_NO_QUOTE</c>); <see langword="null"/> for a code the catalogue doesn't know.</summary>
    public static string? ForCodeName(string? codeName) =>
        codeName is not null && ByName.Value.TryGetValue(codeName, out var hint) ? hint : null;

    private static readonly Lazy<Dictionary<string, string>> ByName = new(
        () => Hints.ToDictionary(h => ErrorCatalogue.CodeName(h.Key), h => h.Value, StringComparer.Ordinal));
}
