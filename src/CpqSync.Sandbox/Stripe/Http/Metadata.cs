using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Stripe's metadata rules: at most 50 keys, keys up to 40 characters, values up to 500; an empty value unsets a key,
/// and <c>metadata=</c> (empty) unsets them all.
/// </summary>
internal static class Metadata
{
    public const int MaxKeys = 50;
    public const int MaxKeyLength = 40;
    public const int MaxValueLength = 500;

    /// <summary>Applies the request's <c>metadata</c> to <paramref name="current"/> (a new object when creating).</summary>
    public static JsonObject Apply(ParamHash parameters, JsonObject? current, string key = "metadata")
    {
        var result = current?.DeepClone().AsObject() ?? [];
        switch (parameters.Get(key))
        {
            case null:
                return result;
            case ParamString { Value.Length: 0 }:
                return [];
            case ParamString:
                throw StripeErrorException.Invalid("Invalid object", parameters.ChildPath(key));
            case ParamHash hash:
                foreach (var name in hash.Keys)
                {
                    var path = hash.ChildPath(name);
                    if (hash.Get(name) is not ParamString value)
                    {
                        throw StripeErrorException.Invalid("Invalid string: metadata values must be strings.", path);
                    }

                    if (name.Length > MaxKeyLength)
                    {
                        throw StripeErrorException.Invalid(
                            $"Metadata keys can have up to {MaxKeyLength} characters, but you passed in a key that is " +
                            $"{name.Length} characters. Invalid key: {name}", path);
                    }

                    if (value.Value.Length > MaxValueLength)
                    {
                        throw StripeErrorException.Invalid(
                            $"Metadata values can have up to {MaxValueLength} characters, but you passed in a value that is " +
                            $"{value.Value.Length} characters. Invalid value: {value.Value}", path);
                    }

                    if (value.Value.Length == 0)
                    {
                        result.Remove(name);
                    }
                    else
                    {
                        result[name] = value.Value;
                    }
                }

                if (result.Count > MaxKeys)
                {
                    throw StripeErrorException.Invalid(
                        $"You can have at most {MaxKeys} keys in metadata (you tried to have {result.Count}).", key);
                }

                return result;
            default:
                return result;
        }
    }
}
