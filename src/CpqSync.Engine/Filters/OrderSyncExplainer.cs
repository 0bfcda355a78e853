using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CpqSync.Engine.Filters;

/// <summary>Why an order is not syncing, the first rule that holds it back.</summary>
public enum NotSyncingKind
{
    /// <summary>A draft, or any status but Activated: the planner syncs only activated orders (docs/behaviour.md §4).</summary>
    NotActivated,

    /// <summary>Activated before the preferences' start date (docs/behaviour.md §11).</summary>
    BeforeStartDate,

    /// <summary>One or more of the Order or Account filters leave it out (docs/behaviour.md §11).</summary>
    FilteredOut,

    /// <summary>Queued behind an order of its contract that is parked with an error: the queue keeps a contract's orders in order.</summary>
    WaitingBehindParkedOrder,
}

/// <summary>A reason an order does not sync, with what it names: the filters, the start date or the parked order.</summary>
public sealed record NotSyncingReason(NotSyncingKind Kind, string Detail);

/// <summary>
/// Explains, for an order read from Salesforce, why it would not sync: the same rules that decide which orders are
/// queued (<see cref="OrderSyncConditions"/>: the start date and the Order and Account filters) and planned (only
/// activated orders), evaluated on the order's fields instead of in a query, so a list of orders can say it for every
/// row without one more Salesforce call per row.
/// </summary>
public static class OrderSyncExplainer
{
    private const string ActivatedStatus = "Activated";

    /// <summary>
    /// The Order fields (relationship paths for Account filters) a query must select for <see cref="Explain"/>; each
    /// field once, whatever its case.
    /// </summary>
    public static IReadOnlyList<string> Fields(SyncPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        var fields = new List<string> { "Status", "ActivatedDate", "ContractId" };
        foreach (var filter in preferences.Filters)
        {
            if (PathOf(filter) is { } path && !fields.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                fields.Add(path);
            }
        }

        return fields;
    }

    /// <summary>Why the order does not sync, or <see langword="null"/> when nothing holds it back.</summary>
    /// <param name="order">The order as a query returned it, with at least <see cref="Fields"/>.</param>
    /// <param name="parkedOrderAhead">The parked order of its contract this order is queued behind, if the queue holds one.</param>
    public static NotSyncingReason? Explain(JsonObject order, SyncPreferences preferences, string? parkedOrderAhead = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(preferences);
        var status = Text(Read(order, "Status"));
        if (!string.Equals(status, ActivatedStatus, StringComparison.Ordinal))
        {
            return new NotSyncingReason(NotSyncingKind.NotActivated, status is null ? "No status." : $"Status is {status}, not {ActivatedStatus}.");
        }

        if (preferences.StartDate is { } start
            && Text(Read(order, "ActivatedDate")) is { } activatedText
            && SalesforceDateTimes.Parse(activatedText) < new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
        {
            // The same boundary as OrderSyncConditions: the start date begins at midnight UTC.
            return new NotSyncingReason(
                NotSyncingKind.BeforeStartDate,
                string.Create(CultureInfo.InvariantCulture, $"Activated before the start date, {start:yyyy-MM-dd}."));
        }

        var failing = preferences.Filters.Where(f => PathOf(f) is { } path && !Matches(f, Read(order, path))).Select(f => f.DisplayName).ToList();
        if (failing.Count > 0)
        {
            return new NotSyncingReason(NotSyncingKind.FilteredOut, $"Left out by the filter{(failing.Count > 1 ? "s" : "")} {string.Join(", ", failing)}.");
        }

        return parkedOrderAhead is null
            ? null
            : new NotSyncingReason(NotSyncingKind.WaitingBehindParkedOrder, $"Waiting behind order {parkedOrderAhead} of its contract, which is parked with an error.");
    }

    /// <summary>The filter's field as seen from Order; <see langword="null"/> for catalogue filters, which do not decide orders.</summary>
    private static string? PathOf(SyncFilter filter) => filter.ObjectName.ToUpperInvariant() switch
    {
        "ORDER" => filter.Field,
        "ACCOUNT" => "Account." + filter.Field,
        _ => null,
    };

    /// <summary>A field's value by its path (<c>Account.Industry</c>), names compared without case as SOQL does.</summary>
    private static JsonNode? Read(JsonObject record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node;
    }

    /// <summary>The filter's comparison with SOQL's semantics: text compares without case, a null matches only <c>= null</c>, <c>!=</c> and <c>NOT IN</c>.</summary>
    private static bool Matches(SyncFilter filter, JsonNode? value)
    {
        var values = filter.Values;
        return filter.Operator switch
        {
            FilterOperator.IsNull => value is null,
            FilterOperator.IsNotNull => value is not null,
            FilterOperator.EqualTo => value is not null && Compare(value, values[0]) == 0,
            FilterOperator.NotEqualTo => value is null || Compare(value, values[0]) != 0,
            FilterOperator.LessThan => value is not null && Compare(value, values[0]) < 0,
            FilterOperator.LessThanOrEqualTo => value is not null && Compare(value, values[0]) <= 0,
            FilterOperator.GreaterThan => value is not null && Compare(value, values[0]) > 0,
            FilterOperator.GreaterThanOrEqualTo => value is not null && Compare(value, values[0]) >= 0,
            FilterOperator.In => value is not null && values.Any(v => Compare(value, v) == 0),
            FilterOperator.NotIn => value is null || values.All(v => Compare(value, v) != 0),
            FilterOperator.Like => Text(value) is { } text && LikeRegex((string)values[0]).IsMatch(text),
            FilterOperator.StartsWith => Text(value) is { } text && text.StartsWith((string)values[0], StringComparison.OrdinalIgnoreCase),
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter.Operator, "Unknown filter operator."),
        };
    }

    private static int Compare(JsonNode value, object expected) => expected switch
    {
        string text => string.Compare(Text(value), text, StringComparison.OrdinalIgnoreCase),
        bool flag => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>().CompareTo(flag) : 1,
        DateOnly date => DateOnly.TryParse(Text(value), CultureInfo.InvariantCulture, out var actual) ? actual.CompareTo(date) : 1,
        DateTimeOffset time => Text(value) is { } t ? SalesforceDateTimes.Parse(t).CompareTo(time) : 1,
        IConvertible number => Number(value) is { } actual ? actual.CompareTo(Convert.ToDecimal(number, CultureInfo.InvariantCulture)) : 1,
        _ => 1,
    };

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static decimal? Number(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number ? node.GetValue<decimal>()
        : decimal.TryParse(Text(node), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    /// <summary>SOQL's LIKE: <c>%</c> any run, <c>_</c> one character, a backslash escapes; case-insensitive.</summary>
    private static Regex LikeRegex(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                regex.Append(Regex.Escape(pattern[++i].ToString()));
            }
            else
            {
                regex.Append(c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
