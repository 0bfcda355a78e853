using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>Stripe's list object: <c>{"object":"list","data":[…],"has_more":…,"url":…}</c> with cursor pagination.</summary>
internal static class ListPage
{
    public const string Parameters = "limit,starting_after,ending_before,expand";

    /// <summary>One page of <paramref name="newestFirst"/> as the request's <c>limit</c>, <c>starting_after</c> and
    /// <c>ending_before</c> select it. <paramref name="noun"/> names the kind in "No such …" for an unknown cursor;
    /// <paramref name="render"/> makes the JSON shown for each stored object.</summary>
    public static JsonObject Build(
        ParamHash query, IReadOnlyList<JsonObject> newestFirst, string url, string noun, Func<JsonObject, JsonObject> render)
    {
        var limit = query.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeErrorException.Invalid($"Invalid limit: must be between 1 and 100", "limit");
        }

        var startingAfter = query.NonEmpty("starting_after");
        var endingBefore = query.NonEmpty("ending_before");
        if (startingAfter is not null && endingBefore is not null)
        {
            throw StripeErrorException.Invalid(
                "You may only specify one of these parameters: ending_before, starting_after.", "ending_before");
        }

        List<JsonObject> page;
        bool hasMore;
        if (endingBefore is not null)
        {
            var index = IndexOf(newestFirst, endingBefore, noun, "ending_before");
            var start = Math.Max(0, index - (int)limit);
            page = [.. newestFirst.Skip(start).Take(index - start)];
            hasMore = start > 0;
        }
        else
        {
            var start = startingAfter is null ? 0 : IndexOf(newestFirst, startingAfter, noun, "starting_after") + 1;
            page = [.. newestFirst.Skip(start).Take((int)limit)];
            hasMore = start + page.Count < newestFirst.Count;
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. page.Select(item => (JsonNode)render(item))]),
            ["has_more"] = hasMore,
            ["url"] = url,
        };
    }

    private static int IndexOf(IReadOnlyList<JsonObject> items, string id, string noun, string param)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]["id"]?.GetValue<string>() == id)
            {
                return i;
            }
        }

        throw StripeErrorException.NoSuch(noun, id, param);
    }
}
