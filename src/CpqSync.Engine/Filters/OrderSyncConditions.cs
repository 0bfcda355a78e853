using CpqSync.Engine.Connections;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Filters;

/// <summary>
/// The preferences that decide whether an order syncs, validated against describe and compiled once, ready to be
/// added to queries on <c>Order</c> or on <c>OrderItem</c> (through the line's <c>Order.</c> relationship).
/// </summary>
public sealed class OrderSyncConditions
{
    private readonly SyncPreferences _preferences;

    private OrderSyncConditions(SyncPreferences preferences) => _preferences = preferences;

    public SyncPreferences Preferences => _preferences;

    /// <summary>
    /// Types the preferences' filter values against the org's describe (<see cref="FilterValueTyping"/>: values may be
    /// text, as a document holds them), then validates the filters.
    /// </summary>
    /// <exception cref="SyncFilterException">A filter does not fit the org; its message names each filter and field.</exception>
    public static async Task<OrderSyncConditions> CreateAsync(SyncPreferences preferences, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        preferences = await FilterValueTyping.TypeAsync(preferences, client, cancellationToken).ConfigureAwait(false);
        var errors = await SyncFilterValidator.ValidateAsync(preferences.Filters, client, cancellationToken).ConfigureAwait(false);
        return errors.Count > 0 ? throw new SyncFilterException(errors) : new OrderSyncConditions(preferences);
    }

    /// <summary>The conditions for a query on <c>Order</c>, or <see langword="null"/> when nothing restricts orders.</summary>
    public SoqlQuery? ForOrder() => Build(orderPrefix: "");

    /// <summary>The conditions for a query on <c>OrderItem</c>, applied to each line's order.</summary>
    public SoqlQuery? ForOrderItem() => Build(orderPrefix: "Order.");

    private SoqlQuery? Build(string orderPrefix)
    {
        var conditions = new List<SoqlQuery>();
        if (_preferences.StartDate is { } start)
        {
            // ActivatedDate is a datetime: the start date begins at midnight UTC.
            var since = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            conditions.Add(Soql.Query($"({Soql.Identifier(orderPrefix + "ActivatedDate")} >= {since})"));
        }

        foreach (var filter in _preferences.Filters)
        {
            // Product and price book entry filters decide catalogue syncs, not which orders sync.
            var prefix = filter.ObjectName.ToUpperInvariant() switch
            {
                "ORDER" => orderPrefix,
                "ACCOUNT" => orderPrefix + "Account.",
                _ => null,
            };
            if (prefix is not null)
            {
                conditions.Add(SyncFilterCompiler.Compile(filter, prefix));
            }
        }

        return SyncFilterCompiler.And(conditions);
    }
}
