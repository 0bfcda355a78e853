namespace CpqSync.Core.Stripe;

/// <summary>Status of a subscription schedule or subscription as Stripe reports it.</summary>
public sealed record StripeSchedulePhase(long StartDate, long EndDate, IReadOnlyDictionary<string, string> Metadata);

/// <summary>An item of a live subscription.</summary>
public sealed record StripeSubscriptionItem(string Id, string Price, long? Quantity, string? OrderItemId);

/// <summary>A subscription schedule known to exist in Stripe.</summary>
/// <param name="Status">Stripe's status: <c>not_started</c>, <c>active</c>, <c>completed</c>, <c>released</c>, <c>canceled</c>.</param>
/// <param name="Subscription">The subscription it manages or released into (<c>subscription</c>, or <c>released_subscription</c>).</param>
public sealed record StripeScheduleState(string Id, string Status, IReadOnlyList<StripeSchedulePhase> Phases, string? Subscription = null);

/// <summary>
/// What the engine found in Stripe for the ids written back to Salesforce. The planner never calls Stripe: an id
/// found on a Salesforce record but absent here is treated as unresolvable.
/// </summary>
public sealed record StripeState
{
    public static StripeState Empty { get; } = new();

    /// <summary>Customer ids that resolve to a live (not deleted) customer.</summary>
    public IReadOnlySet<string> Customers { get; init; } = new HashSet<string>();

    /// <summary>
    /// Customer id → the frozen time (Unix seconds) of the test clock it lives on, for customers on a test clock: their
    /// orders are planned at the clock's time (docs/behaviour.md §2).
    /// </summary>
    public IReadOnlyDictionary<string, long> CustomerClocks { get; init; } = new Dictionary<string, long>();

    /// <summary>Product ids that resolve.</summary>
    public IReadOnlySet<string> Products { get; init; } = new HashSet<string>();

    /// <summary>
    /// Price id → its price data in form encoding, restricted to the keys CpqSync compares (see
    /// <see cref="Mapping.PriceData.ComparedKeys"/>): currency, unit_amount_decimal, billing_scheme, tiers_mode,
    /// tiers[n][…] and recurring[…].
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Prices { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Coupon id → its compared fields (name, amount_off, percent_off, duration, duration_in_months, currency).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Coupons { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    public IReadOnlyDictionary<string, StripeScheduleState> Schedules { get; init; } = new Dictionary<string, StripeScheduleState>();

    /// <summary>Subscription id → status (<c>active</c>, <c>canceled</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Subscriptions { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Subscription id → its items, for evergreen amendments that change or remove items (the item's
    /// <c>{prefix}order_item_id</c> metadata names the Salesforce line it came from).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StripeSubscriptionItem>> SubscriptionItems { get; init; } =
        new Dictionary<string, IReadOnlyList<StripeSubscriptionItem>>();

    /// <summary>Invoice ids that resolve.</summary>
    public IReadOnlySet<string> Invoices { get; init; } = new HashSet<string>();
}
