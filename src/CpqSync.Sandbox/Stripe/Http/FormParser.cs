using System.Globalization;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Parses Stripe's <c>application/x-www-form-urlencoded</c> encoding into a tree: <c>a[b][0][c]=v</c> nests hashes, and
/// arrays are hashes with integer keys (<c>expand[0]=x</c>) or appended with empty brackets (<c>expand[]=x</c>),
/// exactly as the official clients send them.
/// </summary>
internal static class FormParser
{
    public static ParamHash Parse(string encoded)
    {
        var root = new ParamHash(string.Empty);
        if (string.IsNullOrEmpty(encoded))
        {
            return root;
        }

        foreach (var pair in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var rawKey = equals < 0 ? pair : pair[..equals];
            var rawValue = equals < 0 ? string.Empty : pair[(equals + 1)..];
            Add(root, Decode(rawKey), Decode(rawValue));
        }

        return root;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static void Add(ParamHash root, string key, string value)
    {
        var segments = Split(key);
        var node = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            if (segment.Length == 0)
            {
                // `a[]` appends: the next free integer index.
                segment = node.Count.ToString(CultureInfo.InvariantCulture);
            }

            var path = node.ChildPath(segment);
            var last = i == segments.Count - 1;
            var existing = node.Get(segment);
            if (last)
            {
                if (existing is ParamHash)
                {
                    throw StripeErrorException.Invalid($"Invalid hash: {path} was given both as a value and as a hash.", path);
                }

                node.Set(segment, new ParamString(path, value));
                return;
            }

            if (existing is ParamString)
            {
                throw StripeErrorException.Invalid($"Invalid hash: {path} was given both as a value and as a hash.", path);
            }

            if (existing is not ParamHash child)
            {
                child = new ParamHash(path);
                node.Set(segment, child);
            }

            node = child;
        }
    }

    /// <summary><c>phases[0][items]</c> → <c>phases</c>, <c>0</c>, <c>items</c>.</summary>
    private static List<string> Split(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return [key];
        }

        var segments = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.Length > 0 && rest[0] == '[')
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            segments.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }

        return segments;
    }
}
