using System.Globalization;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>A filter row typed and checked against the org: its filter and compiled condition, or what is wrong with it.</summary>
public sealed record ResolvedFilterRow(FilterRow Row, SyncFilter? Filter, string? CompiledSoql, string? Error);

/// <summary>
/// Turns the text of filter rows into typed <see cref="SyncFilter"/>s using the field's describe type, validates them
/// with <see cref="SyncFilterValidator"/> and compiles them with <see cref="SyncFilterCompiler"/>. Values only ever
/// become SOQL literals: nothing the user types is pasted into a query.
/// </summary>
public static class FilterRowResolver
{
    private static readonly HashSet<string> NumberTypes = new(StringComparer.OrdinalIgnoreCase) { "double", "currency", "percent", "int", "long" };

    public static async Task<IReadOnlyList<ResolvedFilterRow>> ResolveAsync(
        IReadOnlyList<FilterRow> rows, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(client);
        var resolved = new List<ResolvedFilterRow>(rows.Count);
        foreach (var row in rows)
        {
            resolved.Add(await ResolveAsync(row, client, cancellationToken).ConfigureAwait(false));
        }

        return resolved;
    }

    /// <summary>The compiled conditions of valid rows joined with AND, as the sync adds them to its Order query.</summary>
    public static string? Combined(IEnumerable<ResolvedFilterRow> rows) =>
        SyncFilterCompiler.And(rows.Where(static r => r.Filter is not null).Select(static r => SyncFilterCompiler.Compile(r.Filter!)))?.Text;

    private static async Task<ResolvedFilterRow> ResolveAsync(FilterRow row, SalesforceClient client, CancellationToken cancellationToken)
    {
        string? type = null;
        if (SyncPreferences.FilterableObjects.Contains(row.ObjectName, StringComparer.OrdinalIgnoreCase)
            && SoqlIdentifier.IsValid(row.Field, allowPath: false))
        {
            var describe = await client.DescribeAsync(row.ObjectName, cancellationToken).ConfigureAwait(false);
            type = describe.Field(row.Field)?.Type;
        }

        var values = new List<object>();
        foreach (var text in row.Texts())
        {
            var (value, problem) = Convert(text, type);
            if (problem is not null)
            {
                return new ResolvedFilterRow(row, null, null, $"'{text}' is not {problem}.");
            }

            values.Add(value!);
        }

        var filter = new SyncFilter(row.ObjectName, row.Field, row.Operator, values);
        var errors = await SyncFilterValidator.ValidateAsync([filter], client, cancellationToken).ConfigureAwait(false);
        return errors.Count > 0
            ? new ResolvedFilterRow(row, null, null, errors[0].Message)
            : new ResolvedFilterRow(row, filter, SyncFilterCompiler.Compile(filter).Text, null);
    }

    /// <summary>The typed value the field's type calls for; unknown fields keep the text so the validator names the field.</summary>
    private static (object? Value, string? Problem) Convert(string text, string? type)
    {
        var trimmed = text.Trim();
        return type?.ToLowerInvariant() switch
        {
            "boolean" => bool.TryParse(trimmed, out var b) ? (b, null) : (null, "true or false"),
            "date" => DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? (d, null)
                : (null, "a date (YYYY-MM-DD)"),
            "datetime" => DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? (t, null)
                : (null, "a date and time (YYYY-MM-DDThh:mm:ssZ)"),
            { } number when NumberTypes.Contains(number) =>
                decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? (n, null) : (null, "a number"),
            _ => (text, null),
        };
    }
}
