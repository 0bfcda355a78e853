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
    /// Customers known to exist (not read), by the test clock each lives on: only the clock is read, for its frozen time.
    /// </summary>
    public IReadOnlyDictionary<string, string> CustomerClocks { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether prices read before may be answered from memory: Stripe never changes a price's data nor deletes one
    /// (docs/behaviour.md §3.10), so a price read once reads the same ever after. Off, every price is read again.
    /// </summary>
    public bool CachedPrices { get; init; }

    /// <summary>
    /// The connection's metadata prefix (<c>SyncSettings.MetadataPrefix</c>): subscription items name their
    /// Salesforce line in <c>{prefix}order_item_id</c>. The default value is <c>salesforce_</c>.
    /// </summary>
    public string MetadataPrefix { get; init; } = "salesforce_";
}
