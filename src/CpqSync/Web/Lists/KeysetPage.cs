using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Web.Lists;

/// <summary>
/// Which page of a keyset-paginated list a request asks for: the first (no cursor), the one after a row
/// (<c>?after=</c>, forward) or the one before a row (<c>?before=</c>, backward). Lists never use offsets, so a page
/// costs the same at row 100,000 as at row 1 and rows added meanwhile do not shift the pages.
/// </summary>
/// <param name="Size">Rows per page; a list fetches <c>Size + 1</c> rows to know whether there is another page.</param>
public sealed record KeysetRequest(string? After, string? Before, int Size = KeysetRequest.DefaultSize)
{
    public const int DefaultSize = 50;

    public const string AfterParameter = "after";

    public const string BeforeParameter = "before";

    /// <summary>Paging back: the list reads in reverse sort order from <see cref="Before"/>, and the page is turned round.</summary>
    public bool Backward => Before is not null;

    /// <summary>The row the page starts after (forward) or ends before (backward), decoded; <see langword="null"/> on the first page.</summary>
    public IReadOnlyList<string>? Cursor => KeysetCursor.Decode(Before ?? After);

    /// <summary>How many rows to fetch: one more than a page, to tell whether another page follows.</summary>
    public int FetchSize => Size + 1;

    /// <summary>The page a request's query string asks for; a malformed cursor reads as the first page.</summary>
    public static KeysetRequest From(HttpRequest request, int size = DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? Valid(string name) => request.Query[name].ToString() is { Length: > 0 } text && KeysetCursor.Decode(text) is not null ? text : null;
        var before = Valid(BeforeParameter);
        return new KeysetRequest(before is null ? Valid(AfterParameter) : null, before, size);
    }
}

/// <summary>One page of a list, with the cursors of the pages before and after it (for <c>_Pager</c>).</summary>
public interface IKeysetPage
{
    /// <summary>The <c>?before=</c> cursor of the previous page; <see langword="null"/> on the first page.</summary>
    string? PreviousCursor { get; }

    /// <summary>The <c>?after=</c> cursor of the next page; <see langword="null"/> on the last page.</summary>
    string? NextCursor { get; }
}

/// <summary>One page of rows in display order.</summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, string? PreviousCursor, string? NextCursor) : IKeysetPage
{
    public static KeysetPage<T> Empty { get; } = new([], null, null);

    /// <summary>
    /// The page from the rows a list fetched for <paramref name="request"/> (up to <see cref="KeysetRequest.FetchSize"/>,
    /// in sort order going forward, in reverse sort order going backward).
    /// </summary>
    /// <param name="cursorOf">A row's position: its sort key and a unique tie-breaker, as <see cref="KeysetCursor.Encode"/> makes it.</param>
    public static KeysetPage<T> From(IReadOnlyList<T> fetched, KeysetRequest request, Func<T, string> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(cursorOf);
        var more = fetched.Count > request.Size;
        var items = fetched.Take(request.Size).ToList();
        if (request.Backward)
        {
            items.Reverse();
        }

        if (items.Count == 0)
        {
            return Empty;
        }

        // Going forward from a cursor, or backward, there are rows on the other side of the cursor.
        var hasPrevious = request.Backward ? more : request.After is not null;
        var hasNext = request.Backward || more;
        return new KeysetPage<T>(items, hasPrevious ? cursorOf(items[0]) : null, hasNext ? cursorOf(items[^1]) : null);
    }
}

/// <summary>A row's position in a sorted list, as an opaque URL-safe token (its sort key and id, in that order).</summary>
public static class KeysetCursor
{
    public static string Encode(params string?[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(parts)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The parts of a cursor; <see langword="null"/> for no cursor or one that is not a cursor.</summary>
    public static IReadOnlyList<string>? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 2048)
        {
            return null;
        }

        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return null;
        }

        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Encoding.UTF8.GetString(bytes, 0, written));
            return parts is { Length: > 0 } && parts.All(p => p is not null) ? parts.Select(p => p!).ToList() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
