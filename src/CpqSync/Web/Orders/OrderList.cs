using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Engine.Filters;
using CpqSync.Engine.Sync;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Web.Lists;

namespace CpqSync.Web.Orders;

/// <summary>One order in the list: its Salesforce fields, its last sync outcome and queue state, and why it does not sync.</summary>
public sealed record OrderListRow(
    string Id,
    string? OrderNumber,
    string? AccountId,
    string? AccountName,
    decimal? Amount,
    string? Currency,
    string? Status,
    string? EffectiveDate,
    SyncOutcomeEntry? LastOutcome,
    QueuedRecord? Queued,
    NotSyncingReason? NotSyncing)
{
    /// <summary>The Stripe object the order became (the primary id of its latest outcome that wrote one).</summary>
    public string? StripeId => LastOutcome?.StripeIds.FirstOrDefault();
}

/// <summary>A page of the order list, with what its links need.</summary>
/// <param name="InstanceUrl">The org's address for record links; <see langword="null"/> when not known.</param>
/// <param name="Problem">Why Salesforce could not be asked, shown instead of rows.</param>
public sealed record OrderListPage(KeysetPage<OrderListRow> Rows, string? InstanceUrl, bool StripeTestMode, string? Problem = null);

/// <summary>
/// Every order the connection can see, synced or not, a page at a time: one SOQL query per page (keyset on the sort
/// field and Id, <c>LIMIT</c> one more than a page), joined with the store's outcomes and queue for the page's ids.
/// Why an order does not sync is the engine's <see cref="OrderSyncExplainer"/>.
/// </summary>
public sealed partial class OrderList(SalesforceClient salesforce, ISyncMonitor monitor)
{
    private const string OrderObject = SyncWork.OrderObject;

    /// <summary>The sort keys, the default first, and the field each sorts by (none of them is ever null on an order).</summary>
    private static readonly (string Key, string Field)[] Sorts =
    [
        ("number", "OrderNumber"), ("account", "Account.Name"), ("amount", "TotalAmount"), ("effective", "EffectiveDate"), ("status", "Status"),
    ];

    public static IReadOnlyList<string> SortKeys { get; } = Sorts.Select(s => s.Key).ToList();

    /// <exception cref="SalesforceApiException">Salesforce refused the query.</exception>
    public async Task<KeysetPage<OrderListRow>> LoadAsync(
        EngineConnection connection, ListQuery query, KeysetRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(page);
        var search = await SearchConditionAsync(connection.Id, query.Search, cancellationToken).ConfigureAwait(false);
        if (search is null)
        {
            return KeysetPage<OrderListRow>.Empty; // a Stripe id nothing is mapped to: no order to ask Salesforce for
        }

        var field = Sorts.First(s => s.Key == query.Sort).Field;
        var settings = connection.Configuration.Settings;
        var fields = new List<string> { "Id", "OrderNumber", "AccountId", "Account.Name", "TotalAmount", "EffectiveDate" };
        if (settings.MultiCurrencyEnabled)
        {
            fields.Add("CurrencyIsoCode");
        }

        fields.AddRange(OrderSyncExplainer.Fields(connection.Preferences).Where(f => !fields.Contains(f, StringComparer.OrdinalIgnoreCase)));

        // Reading backward, the order and the comparison turn round; KeysetPage turns the rows back.
        var descending = query.Descending != page.Backward;
        var where = search;
        if (page.Cursor is [var value, var id] && Typed(field, value) is { } typed)
        {
            var identifier = Soql.Identifier(field);
            where = descending
                ? Soql.Query($"{where} AND ({identifier} < {typed} OR ({identifier} = {typed} AND Id < {id}))")
                : Soql.Query($"{where} AND ({identifier} > {typed} OR ({identifier} = {typed} AND Id > {id}))");
        }

        var order = descending
            ? Soql.Query($"ORDER BY {Soql.Identifier(field)} DESC, Id DESC")
            : Soql.Query($"ORDER BY {Soql.Identifier(field)} ASC, Id ASC");
        var soql = Soql.Query($"SELECT {Soql.Fields(fields)} FROM Order WHERE {where} {order} LIMIT {page.FetchSize}");
        var records = (await salesforce.QueryPageAsync(soql, cancellationToken: cancellationToken).ConfigureAwait(false)).Records;

        var ids = records.Select(r => r["Id"]!.GetValue<string>()).ToList();
        var outcomes = (await monitor.GetLastOutcomesAsync(connection.Id, OrderObject, ids, cancellationToken).ConfigureAwait(false))
            .ToDictionary(o => o.RecordId, StringComparer.Ordinal);
        var queued = (await monitor.GetQueuedRecordsAsync(connection.Id, OrderObject, ids, cancellationToken).ConfigureAwait(false))
            .GroupBy(q => q.RecordId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(q => q.ParkedAhead is not null).First(), StringComparer.Ordinal);

        var rows = records.Select(r =>
        {
            var id = r["Id"]!.GetValue<string>();
            var queue = queued.GetValueOrDefault(id);
            return new OrderListRow(
                id,
                Text(r["OrderNumber"]),
                Text(r["AccountId"]),
                Text(r["Account"]?["Name"]),
                r["TotalAmount"] is JsonValue amount && amount.GetValueKind() == JsonValueKind.Number ? amount.GetValue<decimal>() : null,
                settings.MultiCurrencyEnabled ? Text(r["CurrencyIsoCode"]) : settings.DefaultCurrency,
                Text(r["Status"]),
                Text(r["EffectiveDate"]),
                outcomes.GetValueOrDefault(id),
                queue,
                OrderSyncExplainer.Explain(r, connection.Preferences, queue?.ParkedAhead));
        }).ToList();
        return KeysetPage<OrderListRow>.From(rows, page, row => KeysetCursor.Encode(SortValue(field, row), row.Id));
    }

    /// <summary>
    /// The search as a condition: a Stripe id through the store's id map (an order's schedule, subscription or
    /// invoice, or its account's customer), otherwise the order number, the account name or a Salesforce id.
    /// <see langword="null"/> when a Stripe id maps to nothing.
    /// </summary>
    private async Task<SoqlQuery?> SearchConditionAsync(Guid connectionId, string? search, CancellationToken cancellationToken)
    {
        if (search is null)
        {
            return Soql.Query($"Id != null");
        }

        if (StripeId().IsMatch(search))
        {
            var mappings = await monitor.FindMappingsByStripeIdAsync(connectionId, search, cancellationToken).ConfigureAwait(false);
            var orders = mappings.Where(m => m.SalesforceObject == OrderObject).Select(m => m.SalesforceId).ToList();
            var accounts = mappings.Where(m => m.SalesforceObject == "Account").Select(m => m.SalesforceId).ToList();
            return (orders.Count, accounts.Count) switch
            {
                (0, 0) => null,
                (_, 0) => Soql.Query($"Id IN {orders}"),
                (0, _) => Soql.Query($"AccountId IN {accounts}"),
                _ => Soql.Query($"(Id IN {orders} OR AccountId IN {accounts})"),
            };
        }

        var contains = SoqlLikePattern.Contains(search);
        return SalesforceId().IsMatch(search)
            ? Soql.Query($"(Id = {search} OR AccountId = {search} OR OrderNumber LIKE {contains} OR Account.Name LIKE {contains})")
            : Soql.Query($"(OrderNumber LIKE {contains} OR Account.Name LIKE {contains})");
    }

    /// <summary>A cursor's sort value as the literal its field compares with; <see langword="null"/> when it is not one.</summary>
    private static object? Typed(string field, string value) => field switch
    {
        "TotalAmount" => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null,
        "EffectiveDate" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
        _ => value,
    };

    private static string SortValue(string field, OrderListRow row) => field switch
    {
        "TotalAmount" => (row.Amount ?? 0m).ToString(CultureInfo.InvariantCulture),
        "EffectiveDate" => row.EffectiveDate ?? "",
        "Account.Name" => row.AccountName ?? "",
        "Status" => row.Status ?? "",
        _ => row.OrderNumber ?? "",
    };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("^(sub_sched|sub|cus|in|prod|price|ii|si)_[A-Za-z0-9]+$")]
    private static partial Regex StripeId();

    [GeneratedRegex("^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$")]
    private static partial Regex SalesforceId();
}
