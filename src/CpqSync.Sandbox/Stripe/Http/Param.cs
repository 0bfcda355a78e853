using System.Globalization;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>One parsed request parameter; <see cref="Path"/> is its name as Stripe reports it (<c>phases[0][items]</c>).</summary>
internal abstract class Param(string path)
{
    public string Path { get; } = path;
}

/// <summary>A leaf value. An empty string means "unset" where Stripe allows it.</summary>
internal sealed class ParamString(string path, string value) : Param(path)
{
    public string Value { get; } = value;
}

/// <summary>A hash of parameters, which is also how arrays arrive (integer keys).</summary>
internal sealed class ParamHash(string path) : Param(path)
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, Param> _items = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public IEnumerable<string> Keys => _keys;

    public string ChildPath(string key) => Path.Length == 0 ? key : $"{Path}[{key}]";

    public Param? Get(string key) => _items.GetValueOrDefault(key);

    public bool Has(string key) => _items.ContainsKey(key);

    public void Set(string key, Param value)
    {
        if (!_items.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _items[key] = value;
    }

    public void Remove(string key)
    {
        if (_items.Remove(key))
        {
            _keys.Remove(key);
        }
    }

    /// <summary>Rejects the first parameter not in <paramref name="allowed"/>, as Stripe does before any other check.</summary>
    public ParamHash Allow(params string[] allowed)
    {
        foreach (var key in _keys)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                throw StripeErrorException.Unknown(ChildPath(key));
            }
        }

        return this;
    }

    /// <summary>A string value; null when absent. An empty string is returned as is (meaning "unset").</summary>
    public string? String(string key) => Get(key) switch
    {
        null => null,
        ParamString s => s.Value,
        _ => throw StripeErrorException.Invalid($"Invalid string: {ChildPath(key)} must be a string, not a hash.", ChildPath(key)),
    };

    /// <summary>A non-empty string, or null when absent; an empty string is <c>parameter_invalid_empty</c>.</summary>
    public string? NonEmpty(string key)
    {
        var value = String(key);
        if (value is { Length: 0 })
        {
            throw StripeErrorException.Empty(ChildPath(key));
        }

        return value;
    }

    public string Required(string key) => NonEmpty(key) ?? throw StripeErrorException.Missing(ChildPath(key));

    public long? Long(string key)
    {
        var value = NonEmpty(key);
        if (value is null)
        {
            return null;
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw StripeErrorException.Invalid($"Invalid integer: {value}", ChildPath(key), "parameter_invalid_integer");
        }

        return result;
    }

    public long? NonNegativeLong(string key)
    {
        var value = Long(key);
        if (value < 0)
        {
            throw StripeErrorException.Invalid(
                $"This value must be greater than or equal to 0 (it currently is '{value}').", ChildPath(key));
        }

        return value;
    }

    public long? PositiveLong(string key)
    {
        var value = Long(key);
        if (value <= 0)
        {
            throw StripeErrorException.Invalid(
                $"This value must be greater than or equal to 1 (it currently is '{value}').", ChildPath(key));
        }

        return value;
    }

    public decimal? Decimal(string key)
    {
        var value = NonEmpty(key);
        if (value is null)
        {
            return null;
        }

        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture,
                out var result))
        {
            throw StripeErrorException.Invalid($"Invalid decimal: {value}", ChildPath(key));
        }

        return result;
    }

    public bool? Bool(string key) => NonEmpty(key) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var other => throw StripeErrorException.Invalid($"Invalid boolean: {other}", ChildPath(key)),
    };

    /// <summary>One of <paramref name="values"/>: "Invalid interval: must be one of day, month, week, or year".</summary>
    public string? Enum(string key, params string[] values)
    {
        var value = NonEmpty(key);
        if (value is null || values.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        var list = values.Length switch
        {
            1 => values[0],
            2 => $"{values[0]} or {values[1]}",
            _ => string.Join(", ", values[..^1]) + ", or " + values[^1],
        };
        throw StripeErrorException.Invalid($"Invalid {key}: must be one of {list}", ChildPath(key));
    }

    /// <summary>A Unix timestamp, or <c>now</c> when <paramref name="now"/> is given.</summary>
    public long? Timestamp(string key, long? now = null)
    {
        var value = NonEmpty(key);
        if (value is null)
        {
            return null;
        }

        if (now is not null && value == "now")
        {
            return now;
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result))
        {
            throw StripeErrorException.Invalid($"Invalid timestamp: must be an integer Unix timestamp{(now is null ? "" : " or `now`")}.",
                ChildPath(key));
        }

        return result;
    }

    public ParamHash? Hash(string key) => Get(key) switch
    {
        null => null,
        ParamHash h => h,
        ParamString { Value.Length: 0 } => throw StripeErrorException.Empty(ChildPath(key)),
        _ => throw StripeErrorException.Invalid($"Invalid object", ChildPath(key)),
    };

    /// <summary>An array, sent as <c>key[0]</c>, <c>key[1]</c>…; null when absent, empty when sent as an empty string.</summary>
    public IReadOnlyList<Param>? Array(string key, int? max = null)
    {
        switch (Get(key))
        {
            case null:
                return null;
            case ParamString { Value.Length: 0 }:
                return [];
            case ParamString:
                throw StripeErrorException.Invalid("Invalid array", ChildPath(key));
            case ParamHash hash:
                var items = new SortedList<int, Param>();
                foreach (var index in hash.Keys)
                {
                    if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                        || items.ContainsKey(position))
                    {
                        throw StripeErrorException.Invalid("Invalid array", ChildPath(key));
                    }

                    items[position] = hash.Get(index)!;
                }

                if (max is not null && items.Count > max)
                {
                    throw StripeErrorException.Invalid($"Invalid array: {ChildPath(key)} may have at most {max} items.", ChildPath(key));
                }

                return [.. items.Values];
            default:
                return null;
        }
    }

    public IReadOnlyList<ParamHash>? Hashes(string key, int? max = null) => Array(key, max)?.Select(item => item as ParamHash
        ?? throw StripeErrorException.Invalid("Invalid object", item.Path)).ToList();

    public IReadOnlyList<string>? Strings(string key) => Array(key)?.Select(item => item is ParamString s
        ? s.Value
        : throw StripeErrorException.Invalid("Invalid string", item.Path)).ToList();
}
