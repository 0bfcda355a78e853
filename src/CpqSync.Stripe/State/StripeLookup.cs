namespace CpqSync.Stripe.State;

/// <summary>The Stripe ids to look up, by the kind of object they name (what <see cref="StripeStateReader"/> reads).</summary>
/// <remarks>Ids are looked up as given; blank ones are ignored. An id in the wrong set simply does not resolve.</remarks>
public sealed record StripeLookup
{
    public static StripeLookup Empty { get; } = new();

    public IReadOnlySet<string> Customers { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Products { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Prices { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Coupons { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Schedules { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Subscriptions { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Invoices { get; init; } = new HashSet<string>();

    /// <summary>
    /// The connection's metadata prefix (<c>SyncSettings.MetadataPrefix</c>): subscription items name their
    /// Salesforce line in <c>{prefix}order_item_id</c>. The default value is <c>salesforce_</c>.
    /// </summary>
    public string MetadataPrefix { get; init; } = "salesforce_";
}
