using System.Globalization;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Connections;

/// <summary>
/// Gives filter values read from a document (text) the type their field calls for, from describe: a date field's
/// <c>"2025-01-01"</c> becomes a <see cref="DateOnly"/>. A value that does not parse is kept as text, so
/// <see cref="SyncFilterValidator"/> names the filter and the field when it checks them.
/// </summary>
public static class FilterValueTyping
{
    private static readonly HashSet<string> NumberTypes = new(StringComparer.OrdinalIgnoreCase) { "double", "currency", "percent", "int", "long" };

    /// <summary>Costs one describe per filtered object, cached by the client.</summary>
    public static async Task<SyncPreferences> TypeAsync(SyncPreferences preferences, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(client);
        var filters = new List<SyncFilter>(preferences.Filters.Count);
        foreach (var filter in preferences.Filters)
        {
            var type = await FieldTypeAsync(filter, client, cancellationToken).ConfigureAwait(false);
            filters.Add(type is null ? filter : filter with { Values = [.. filter.Values.Select(v => v is string text ? Convert(text, type) : v)] });
        }

        return preferences with { Filters = filters };
    }

    private static async Task<string?> FieldTypeAsync(SyncFilter filter, SalesforceClient client, CancellationToken cancellationToken)
    {
        var objectName = SyncPreferences.FilterableObjects.FirstOrDefault(o => string.Equals(o, filter.ObjectName, StringComparison.OrdinalIgnoreCase));
        if (objectName is null || !SoqlIdentifier.IsValid(filter.Field, allowPath: false) || filter.Values.Count == 0)
        {
            return null;
        }

        var describe = await client.DescribeAsync(objectName, cancellationToken).ConfigureAwait(false);
        return describe.Field(filter.Field)?.Type;
    }

    private static object Convert(string text, string type)
    {
        var trimmed = text.Trim();
        return type.ToLowerInvariant() switch
        {
            "boolean" when bool.TryParse(trimmed, out var b) => b,
            "date" when DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
            "datetime" when DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
            { } number when NumberTypes.Contains(number)
                && decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => n,
            _ => text,
        };
    }
}
