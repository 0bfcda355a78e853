namespace CpqSync.Core.Configuration;

/// <summary>CPQ's Subscription Prorate Precision setting (docs/behaviour.md §7.8).</summary>
public enum ProratePrecision
{
    Month,
    MonthlyDaily,
}

/// <summary>How a configured custom order-line price field is read (docs/behaviour.md §3.7).</summary>
public enum CustomPriceFieldSemantics
{
    /// <summary>The value is the price of one billing period, sent as-is (the reference implementation).</summary>
    PerBillingPeriod,

    /// <summary>The value is the price of the whole term and is divided by term / frequency (the docs' example).</summary>
    PerTerm,
}

/// <summary>
/// Sync preferences and CPQ settings that change what a plan contains. Defaults are CpqSync's decisions; where
/// CpqSync lifts a reference limitation (docs/behaviour.md §13) the reference behaviour stays available as a choice.
/// </summary>
public sealed record SyncSettings
{
    /// <summary>Salesforce instance URL; record links are <c>{InstanceUrl}/{Id}</c>. The default value is empty.</summary>
    public string InstanceUrl { get; init; } = "";

    /// <summary>Prefix of metadata keys on Stripe objects. The default value is <c>salesforce_</c>.</summary>
    public string MetadataPrefix { get; init; } = "salesforce_";

    /// <summary>Stripe currency when the org is not multi-currency ("Billing Currency"). The default value is none.</summary>
    public string? DefaultCurrency { get; init; }

    /// <summary>Read <c>CurrencyIsoCode</c> from records. The default value is false.</summary>
    public bool MultiCurrencyEnabled { get; init; }

    /// <summary>CPQ term unit: <c>Month</c> or <c>Day</c> (docs/behaviour.md §3.3). The default value is <c>Month</c>.</summary>
    public string CpqTermUnit { get; init; } = "Month";

    /// <summary>The default value is <see cref="ProratePrecision.Month"/>.</summary>
    public ProratePrecision ProratePrecision { get; init; } = ProratePrecision.Month;

    /// <summary>Quote subscription term when the quote has none. The default value is 12.</summary>
    public int DefaultSubscriptionTerm { get; init; } = 12;

    /// <summary>Refresh an existing customer on every order sync (docs/behaviour.md §2). The default value is true.</summary>
    public bool UpdateCustomerOnOrderSync { get; init; } = true;

    /// <summary>Map the quote's primary contact email to <c>customer.email</c> (lift #25). The default value is true.</summary>
    public bool MapPrimaryContactEmail { get; init; } = true;

    /// <summary>Order-line field holding a custom price (docs/behaviour.md §3.7). The default value is none (use <c>UnitPrice</c>).</summary>
    public string? CustomPriceField { get; init; }

    /// <summary>The default value is <see cref="CustomPriceFieldSemantics.PerBillingPeriod"/>.</summary>
    public CustomPriceFieldSemantics CustomPriceFieldSemantics { get; init; } = CustomPriceFieldSemantics.PerBillingPeriod;

    /// <summary>Prorate terms shorter than one billing cycle (docs/behaviour.md §3.7). The default value is true.</summary>
    public bool FrontendProrations { get; init; } = true;

    /// <summary>Send decimal quantities as quantity 1 at the net line amount (docs/behaviour.md §4.8, lift #6). The default value is false.</summary>
    public bool FractionalQuantities { get; init; }

    /// <summary>Accept "Due on Receipt" and any <c>Net N</c> (0–365) as payment terms (docs/behaviour.md §4.6). The default value is true.</summary>
    public bool ExtendedPaymentTerms { get; init; } = true;

    /// <summary>Turn negative one-time lines into credit invoice items instead of dropping them (lift #32). The default value is true.</summary>
    public bool NegativeOneTimeLinesAsCredits { get; init; } = true;

    /// <summary>Backdate evergreen orders with <c>backdate_start_date</c> (lift #26). The default value is true.</summary>
    public bool BackdateEvergreenOrders { get; init; } = true;

    /// <summary>Orders activated before this date are pre-integration orders (docs/behaviour.md §4.3). The default value is none.</summary>
    public DateOnly? SyncStartDate { get; init; }

    /// <summary>
    /// "Migrate existing contracts" mode (docs/behaviour.md §4.3, reference flag <c>old_order_migration</c>): pre-integration orders
    /// become backdated subscriptions that do not re-bill paid periods, wrapped in a schedule. The default value is false.
    /// </summary>
    public bool MigrateExistingContracts { get; init; }

    /// <summary>
    /// Credit unused time (docs/behaviour.md §7.9, lift #20): a negative one-time item on the amendment's phase for the unused part of
    /// the current billing period of seats an amendment removes; a full termination is not credited. The default value
    /// is false (reference parity: no credit).
    /// </summary>
    public bool CreditUnusedTime { get; init; }

    /// <summary>
    /// Renewal orders as first-class (docs/behaviour.md §8 go-beyond): a renewal that starts when its contract ends, for the same
    /// customer and currency, appends phases to the renewed contract's schedule. Otherwise, and when off, a renewal
    /// order gets its own schedule like a new order. The default value is false.
    /// </summary>
    public bool RenewalOrders { get; init; }

    /// <summary>Coupon sync (docs/behaviour.md §9). The default value is true.</summary>
    public bool Coupons { get; init; } = true;

    /// <summary>MDQ segments as schedule phases (docs/behaviour.md §6). The default value is true.</summary>
    public bool Mdq { get; init; } = true;

    /// <summary>Amendments on any day of the month (docs/behaviour.md §7.8). The default value is true.</summary>
    public bool NonAnniversaryAmendments { get; init; } = true;

    /// <summary>Most phases a schedule may have before Stripe would reject it. The default value is 10.</summary>
    public int MaxSchedulePhases { get; init; } = 10;

    /// <summary>Most recurring items in one schedule phase (Stripe's per-phase limit of 20 items). The default value is 20.</summary>
    public int MaxRecurringLines { get; init; } = 20;

    /// <summary>Test-mode Stripe account: Dashboard links go to <c>/test/</c>. The default value is false.</summary>
    public bool StripeTestMode { get; init; }

    /// <summary>
    /// Give each new customer its own Stripe test clock frozen at now (docs/behaviour.md §2), so tests can advance time per
    /// customer. The engine must then plan that customer's later orders with the clock's time as now.
    /// The default value is null: on in test mode, off in live mode.
    /// </summary>
    public bool? TestClocks { get; init; }

    /// <summary>Time zone in which Salesforce dates become Stripe timestamps (docs/behaviour.md §4.3). The default value is UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
