using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CpqSync.Web.Lists;

/// <summary>
/// A list's search and sort as the query string carries them (<c>?q=…&amp;sort=…&amp;dir=desc</c>), and the links that
/// change one of them. Links that change the search or the sort start again at the first page (they drop the cursor).
/// </summary>
/// <param name="Search">The trimmed search text, or <see langword="null"/>.</param>
/// <param name="Sort">The sort key, one of the list's own.</param>
public sealed record ListQuery(string? Search, string Sort, bool Descending)
{
    public const string SearchParameter = "q";

    public const string SortParameter = "sort";

    public const string DirectionParameter = "dir";

    /// <summary>Reads the search and the sort; an unknown sort key falls back to the list's default.</summary>
    /// <param name="sortKeys">The keys the list can sort by; the first is the default.</param>
    public static ListQuery From(HttpRequest request, IReadOnlyList<string> sortKeys, bool defaultDescending = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sortKeys);
        var search = request.Query[SearchParameter].ToString().Trim();
        var sort = request.Query[SortParameter].ToString();
        var known = sortKeys.FirstOrDefault(k => string.Equals(k, sort, StringComparison.OrdinalIgnoreCase));
        var direction = request.Query[DirectionParameter].ToString();
        var descending = known is null ? defaultDescending : string.Equals(direction, "desc", StringComparison.OrdinalIgnoreCase);
        return new ListQuery(search.Length == 0 ? null : search, known ?? sortKeys[0], descending);
    }

    /// <summary>The current page's address with some query parameters replaced (a null value removes one).</summary>
    public static string Link(HttpRequest request, params (string Name, string? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(changes);
        var query = request.Query
            .Where(p => changes.All(c => !string.Equals(c.Name, p.Key, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Concat(changes.Where(c => c.Value is not null).Select(c => new KeyValuePair<string, string?>(c.Name, c.Value)));
        return QueryHelpers.AddQueryString(request.Path.Value ?? "/", query);
    }

    /// <summary>The link a column header gives: sort by <paramref name="key"/>, flipping the direction if it is the current sort.</summary>
    public string SortLink(HttpRequest request, string key) =>
        Link(
            request,
            (SortParameter, key),
            (DirectionParameter, IsSortedBy(key) && !Descending ? "desc" : "asc"),
            (KeysetRequest.AfterParameter, null),
            (KeysetRequest.BeforeParameter, null));

    public bool IsSortedBy(string key) => string.Equals(Sort, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>aria-sort</c> of a column header: <c>ascending</c>, <c>descending</c>, or none.</summary>
    public string? AriaSort(string key) => IsSortedBy(key) ? (Descending ? "descending" : "ascending") : null;
}
