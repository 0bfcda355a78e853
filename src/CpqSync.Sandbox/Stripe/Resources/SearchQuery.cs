using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Stripe's search query language, the part the sync uses: clauses <c>field:'value'</c> (exact), <c>field~'value'</c>
/// (substring), <c>-field:'value'</c> (negation) and <c>metadata['key']:'value'</c>, joined by AND or by OR (not both).
/// </summary>
internal sealed partial class SearchQuery
{
    private readonly List<Clause> _clauses;
    private readonly bool _any;

    private SearchQuery(List<Clause> clauses, bool any)
    {
        _clauses = clauses;
        _any = any;
    }

    public static SearchQuery Parse(string query, IReadOnlySet<string> fields)
    {
        var hasAnd = AndPattern().IsMatch(query);
        var hasOr = OrPattern().IsMatch(query);
        if (hasAnd && hasOr)
        {
            throw StripeErrorException.Invalid(
                "Search queries cannot combine AND and OR. Use only one of them in a query.", "query");
        }

        var parts = (hasOr ? OrPattern() : AndPattern()).Split(query.Trim());
        var clauses = new List<Clause>();
        foreach (var part in parts)
        {
            var match = ClausePattern().Match(part.Trim());
            if (!match.Success)
            {
                throw StripeErrorException.Invalid(
                    $"We were unable to parse your search query. Try using the format `metadata[\"key\"]:\"value\"` to query " +
                    $"for metadata or key:\"value\" to query for other fields. Query: {query}", "query");
            }

            var field = match.Groups["field"].Value;
            var metadataKey = match.Groups["key"].Success ? match.Groups["key"].Value : null;
            if (metadataKey is null && !fields.Contains(field))
            {
                throw StripeErrorException.Invalid($"Field `{field}` is an unsupported search field for this resource.", "query");
            }

            clauses.Add(new Clause(field, metadataKey, match.Groups["op"].Value == "~", match.Groups["neg"].Success,
                match.Groups["value"].Value));
        }

        return new SearchQuery(clauses, hasOr);
    }

    public bool Matches(JsonObject item) => _any ? _clauses.Any(c => c.Matches(item)) : _clauses.All(c => c.Matches(item));

    [GeneratedRegex(@"\s+AND\s+")]
    private static partial Regex AndPattern();

    [GeneratedRegex(@"\s+OR\s+")]
    private static partial Regex OrPattern();

    [GeneratedRegex("""^(?<neg>-)?(?<field>[a-z_]+)(\[\s*['"](?<key>[^'"]+)['"]\s*\])?(?<op>[:~])\s*['"](?<value>[^'"]*)['"]$""")]
    private static partial Regex ClausePattern();

    private sealed record Clause(string Field, string? MetadataKey, bool Substring, bool Negated, string Value)
    {
        public bool Matches(JsonObject item)
        {
            var node = MetadataKey is null ? item[Field] : item["metadata"]?[MetadataKey];
            var actual = node is JsonValue value ? value.ToString() : null;
            var found = actual is not null && (Substring
                ? actual.Contains(Value, StringComparison.OrdinalIgnoreCase)
                : string.Equals(actual, Value, Field == "email" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
            return found != Negated;
        }
    }
}
