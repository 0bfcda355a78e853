using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Stripe's <c>expand[]</c>: each path (<c>customer</c>, <c>data.default_price</c>, <c>phases.items.price</c>…) replaces
/// an id with the object it names, up to four levels deep. Arrays along the path expand element by element.
/// </summary>
internal static class Expander
{
    /// <summary>Stored fields starting with this are shown only when expanded, under the name without it.</summary>
    public const string Hidden = "_";

    private const int MaxDepth = 4;

    public static void Expand(JsonObject root, IEnumerable<string> paths, Func<string, JsonObject?> resolve)
    {
        foreach (var path in paths)
        {
            var segments = path.Split('.');
            if (segments.Length > MaxDepth)
            {
                throw StripeErrorException.Invalid(
                    $"You cannot expand more than {MaxDepth} levels of a property. Property: {path}", "expand");
            }

            ExpandIn(root, segments, 0, path, resolve);
        }
    }

    /// <summary>Removes the hidden (not expanded) fields before the object is sent.</summary>
    public static void StripHidden(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(pair => pair.Key).Where(key => key.StartsWith(Hidden, StringComparison.Ordinal)).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    StripHidden(value);
                }

                return;
            case JsonArray array:
                foreach (var element in array)
                {
                    StripHidden(element);
                }

                return;
        }
    }

    private static void ExpandIn(JsonNode? node, string[] segments, int depth, string path, Func<string, JsonObject?> resolve)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    ExpandIn(element, segments, depth, path, resolve);
                }

                return;
            case JsonObject obj:
                var name = segments[depth];
                if (!obj.ContainsKey(name) && obj.ContainsKey(Hidden + name))
                {
                    // Includable fields (a price's tiers and currency_options) appear only when expanded; a price
                    // without tiers shows "tiers": null, as Stripe answers.
                    obj[name] = obj[Hidden + name]?.DeepClone();
                    if (obj[name] is null)
                    {
                        return;
                    }
                }

                if (!obj.ContainsKey(name))
                {
                    throw CannotExpand(path);
                }

                var value = obj[name];
                if (value is JsonValue idValue && idValue.TryGetValue<string>(out var id))
                {
                    value = resolve(id) ?? throw CannotExpand(path);
                    obj[name] = value;
                }

                if (depth + 1 < segments.Length)
                {
                    ExpandIn(value, segments, depth + 1, path, resolve);
                }
                else if (value is JsonValue)
                {
                    throw CannotExpand(path);
                }

                return;
            default:
                return;
        }
    }

    private static StripeErrorException CannotExpand(string path) =>
        StripeErrorException.Invalid($"This property cannot be expanded ({path}).", "expand");
}
