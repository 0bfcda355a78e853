using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;

namespace CpqSync.Web.Setup;

/// <summary>A filter row typed and checked against the org: its filter and compiled condition, or what is wrong with it.</summary>
public sealed record ResolvedFilterRow(FilterRow Row, SyncFilter? Filter, string? CompiledSoql, string? Error);

/// <summary>
/// Types filter rows against describe (<see cref="FilterValueTyping"/>, as the engine types a stored document),
/// validates them with <see cref="SyncFilterValidator"/> and compiles them with <see cref="SyncFilterCompiler"/>.
/// Values only ever become SOQL literals: nothing the user types is pasted into a query.
/// </summary>
public static class FilterRowResolver
{
    public static async Task<IReadOnlyList<ResolvedFilterRow>> ResolveAsync(
        IReadOnlyList<FilterRow> rows, SalesforceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(client);
        var resolved = new List<ResolvedFilterRow>(rows.Count);
        foreach (var row in rows)
        {
            var typed = await FilterValueTyping.TypeAsync(new SyncPreferences { Filters = [row.ToFilter()] }, client, cancellationToken)
                .ConfigureAwait(false);
            var filter = typed.Filters[0];
            var errors = await SyncFilterValidator.ValidateAsync([filter], client, cancellationToken).ConfigureAwait(false);
            resolved.Add(errors.Count > 0
                ? new ResolvedFilterRow(row, null, null, errors[0].Message)
                : new ResolvedFilterRow(row, filter, SyncFilterCompiler.Compile(filter).Text, null));
        }

        return resolved;
    }
}
