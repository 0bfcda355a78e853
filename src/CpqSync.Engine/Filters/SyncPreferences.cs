namespace CpqSync.Engine.Filters;

/// <summary>
/// Which records sync (docs/behaviour.md §11): the start date, compared with <c>Order.ActivatedDate</c>, and the per-object filters.
/// </summary>
public sealed record SyncPreferences
{
    /// <summary>The objects filters may apply to.</summary>
    public static IReadOnlyList<string> FilterableObjects { get; } = ["Order", "Account", "Product2", "PricebookEntry"];

    /// <summary>The default Order condition, removable by the user: <c>Order.Status = 'Activated'</c>.</summary>
    public static SyncFilter ActivatedOrders { get; } = SyncFilter.Create("Order", "Status", FilterOperator.EqualTo, "Activated");

    /// <summary>Orders activated before this day (UTC) do not sync; it may be in the past. The default value is none.</summary>
    public DateOnly? StartDate { get; init; }

    /// <summary>Conditions ANDed together. The default value is <see cref="ActivatedOrders"/> alone.</summary>
    public IReadOnlyList<SyncFilter> Filters { get; init; } = [ActivatedOrders];
}
