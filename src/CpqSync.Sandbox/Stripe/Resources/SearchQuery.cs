using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>
/// Stripe's search query language, the part the sync uses: clauses <c>field:'value'</c> (exact), <c>field~'value'</c>
/// (substring), <c>-field:'value'</c> (negation) and <c>metadata['key']:'value'</c>; values in single or double quotes
/// (a backslash escapes a quote) or bare; clauses joined by AND, by OR (case-insensitive, not both), or by spaces,
/// which mean AND.
/// </summary>
internal sealed class SearchQuery
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
        var reader = new Reader(query);
        var clauses = new List<Clause>();
        string? joiner = null;
        reader.SkipSpaces();
        while (true)
        {
            var clause = reader.Clause() ?? throw Unparseable(query);
            if (clause.MetadataKey is null && !fields.Contains(clause.Field))
            {
                throw StripeErrorException.Invalid($"Field `{clause.Field}` is an unsupported search field for this resource.", "query");
            }

            clauses.Add(clause);
            var spaced = reader.SkipSpaces();
            if (reader.AtEnd)
            {
                break;
            }

            // A space alone joins with AND.
            var word = reader.Keyword() ?? (spaced ? "AND" : throw Unparseable(query));
            if (joiner is not null && joiner != word)
            {
                throw StripeErrorException.Invalid("Search queries cannot combine AND and OR. Use only one of them in a query.", "query");
            }

            joiner = word;
            reader.SkipSpaces();
        }

        return new SearchQuery(clauses, joiner == "OR");
    }

    public bool Matches(JsonObject item) => _any ? _clauses.Any(c => c.Matches(item)) : _clauses.All(c => c.Matches(item));

    private static StripeErrorException Unparseable(string query) => StripeErrorException.Invalid(
        "We were unable to parse your search query. Try using the format `metadata[\"key\"]:\"value\"` to query " +
        $"for metadata or key:\"value\" to query for other fields. Query: {query}", "query");

    /// <summary>A cursor over the query text.</summary>
    private sealed class Reader(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        /// <returns>Whether any space was skipped.</returns>
        public bool SkipSpaces()
        {
            var start = _at;
            while (!AtEnd && char.IsWhiteSpace(text[_at]))
            {
                _at++;
            }

            return _at > start;
        }

        /// <summary><c>AND</c> or <c>OR</c> (any case) followed by a space, or <see langword="null"/> (nothing consumed).</summary>
        public string? Keyword()
        {
            foreach (var word in (string[])["AND", "OR"])
            {
                var end = _at + word.Length;
                if (end < text.Length && string.Compare(text, _at, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && char.IsWhiteSpace(text[end]))
                {
                    _at = end;
                    return word;
                }
            }

            return null;
        }

        public Clause? Clause()
        {
            var negated = Take('-');
            var start = _at;
            while (!AtEnd && (char.IsAsciiLetterLower(text[_at]) || text[_at] is '_' or '.'))
            {
                _at++;
            }

            var field = text[start.._at];
            if (field.Length == 0)
            {
                return null;
            }

            string? metadataKey = null;
            if (Take('['))
            {
                metadataKey = Quoted();
                if (metadataKey is null || !Take(']'))
                {
                    return null;
                }
            }

            if (AtEnd || text[_at] is not (':' or '~'))
            {
                return null;
            }

            var substring = text[_at++] == '~';
            var value = Quoted() ?? Bare();
            return value is null ? null : new Clause(field, metadataKey, substring, negated, value);
        }

        private bool Take(char c)
        {
            if (!AtEnd && text[_at] == c)
            {
                _at++;
                return true;
            }

            return false;
        }

        /// <summary>A value in single or double quotes; a backslash escapes the next character.</summary>
        private string? Quoted()
        {
            if (AtEnd || text[_at] is not ('\'' or '"'))
            {
                return null;
            }

            var quote = text[_at++];
            var value = new StringBuilder();
            while (!AtEnd)
            {
                var c = text[_at++];
                if (c == quote)
                {
                    return value.ToString();
                }

                if (c == '\\' && !AtEnd)
                {
                    c = text[_at++];
                }

                value.Append(c);
            }

            return null;
        }

        private string? Bare()
        {
            var start = _at;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] is '_' or '.' or '@' or '-'))
            {
                _at++;
            }

            return _at > start ? text[start.._at] : null;
        }
    }

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
