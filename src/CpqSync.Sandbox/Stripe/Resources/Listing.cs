using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Stripe.Http;

namespace CpqSync.Sandbox.Stripe.Resources;

/// <summary>List and search endpoints shared by the resources.</summary>
internal static class Listing
{
    /// <summary>
    /// A list page of the stored objects of <paramref name="kind"/> that pass <paramref name="filter"/>; when the
    /// filter requires a linking field's value (<paramref name="narrow"/>, e.g. <c>customer=cus_…</c>), only the
    /// objects filed under it are looked at.
    /// </summary>
    public static JsonObject List(
        StripeRequest request, string kind, string noun, Func<JsonObject, bool> filter, string url, (string Field, string? Value) narrow = default)
    {
        var candidates = narrow is { Field: { } field, Value: { } value }
            ? request.Account.Store.NewestFirst(kind, field, value)
            : request.Account.Store.NewestFirst(kind);
        var items = candidates.Where(filter).ToList();
        return ListPage.Build(request.Params, items, url, noun, request.Account.Render);
    }

    /// <summary><c>created</c> filters: an exact timestamp or a hash of <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>.</summary>
    public static Func<JsonObject, bool> Created(ParamHash query, string field = "created")
    {
        if (query.Get(field) is ParamString)
        {
            var exact = query.Timestamp(field);
            return item => item[field]?.GetValue<long>() == exact;
        }

        var range = query.Hash(field)?.Allow("gt", "gte", "lt", "lte");
        if (range is null)
        {
            return _ => true;
        }

        var (gt, gte, lt, lte) = (range.Timestamp("gt"), range.Timestamp("gte"), range.Timestamp("lt"), range.Timestamp("lte"));
        return item =>
        {
            var value = item[field]?.GetValue<long>() ?? 0;
            return (gt is null || value > gt) && (gte is null || value >= gte)
                && (lt is null || value < lt) && (lte is null || value <= lte);
        };
    }

    /// <summary>A search result page: <c>{"object":"search_result","data":[…],"has_more","next_page","url"}</c>.</summary>
    public static JsonObject Search(StripeRequest request, string kind, IReadOnlySet<string> fields, Func<JsonObject, bool> visible)
    {
        var query = request.Params.Allow("query", "limit", "page").Required("query");
        var limit = request.Params.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeErrorException.Invalid("Invalid limit: must be between 1 and 100", "limit");
        }

        var offset = 0;
        if (request.Params.NonEmpty("page") is { } page
            && !int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw StripeErrorException.Invalid("Invalid page: the page token is not one this search returned.", "page");
        }

        var search = SearchQuery.Parse(query, fields);
        var matches = request.Account.Store.NewestFirst(kind).Where(visible).Where(search.Matches).ToList();
        var data = matches.Skip(offset).Take((int)limit).Select(item => (JsonNode)request.Account.Render(item)).ToList();
        var hasMore = offset + data.Count < matches.Count;
        return new JsonObject
        {
            ["object"] = "search_result",
            ["data"] = new JsonArray([.. data]),
            ["has_more"] = hasMore,
            ["next_page"] = hasMore ? (offset + data.Count).ToString(CultureInfo.InvariantCulture) : null,
            ["url"] = request.Path.Split('?')[0],
        };
    }
}
