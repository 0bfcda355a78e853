using System.Globalization;

namespace CpqSync.Core.Planning;

/// <summary>
/// The parameters of one Stripe request as an ordered tree (objects keep insertion order, arrays are lists),
/// addressed with dot paths (<c>default_settings.invoice_settings.days_until_due</c>) the way field defaults and
/// custom mappings name them, and flattened to Stripe's form-encoded names (<c>phases[0][items][0][price]</c>).
/// </summary>
public sealed class StripeParams
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<string, object>> Entries => _entries;

    public StripeParams Set(string key, string value) => SetNode(key, ParamValue.Literal(value));

    public StripeParams Set(string key, ParamValue value) => SetNode(key, value);

    public StripeParams Set(string key, long value) => SetNode(key, ParamValue.Literal(value.ToString(CultureInfo.InvariantCulture)));

    public StripeParams Set(string key, bool value) => SetNode(key, ParamValue.Literal(value ? "true" : "false"));

    public StripeParams Set(string key, StripeParams child) => SetNode(key, child);

    public StripeParams Set(string key, List<StripeParams> list) => SetNode(key, list);

    public StripeParams SetIfPresent(string key, string? value) => value is null ? this : Set(key, value);

    public object? Get(string key)
    {
        foreach (var entry in _entries)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public string? GetText(string key) => Get(key) is ParamValue { Ref: null } v ? v.Text : null;

    public bool Remove(string key)
    {
        // Keys are unique within one object (SetNode replaces in place), so the first match is the only one.
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>The child object at <paramref name="key"/>, created (at the end) when missing.</summary>
    public StripeParams Child(string key)
    {
        if (Get(key) is StripeParams existing)
        {
            return existing;
        }

        var child = new StripeParams();
        SetNode(key, child);
        return child;
    }

    /// <summary>Sets a value at a dot path, creating intermediate objects; an existing value is replaced in place.</summary>
    /// <remarks>A segment naming a list (<c>phases.proration_behavior</c>) sets the value on every element.</remarks>
    public void SetPath(string path, ParamValue value)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            SetNode(path, value);
            return;
        }

        var head = path[..dot];
        var rest = path[(dot + 1)..];
        if (Get(head) is List<StripeParams> list)
        {
            // "phases.0.trial_end" targets one element; "phases.proration_behavior" every element.
            var next = rest.IndexOf('.', StringComparison.Ordinal);
            if (next > 0 && int.TryParse(rest.AsSpan(0, next), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                if (index < list.Count)
                {
                    list[index].SetPath(rest[(next + 1)..], value);
                }

                return;
            }

            foreach (var element in list)
            {
                element.SetPath(rest, value);
            }

            return;
        }

        Child(head).SetPath(rest, value);
    }

    public object? GetPath(string path)
    {
        object? current = this;
        foreach (var segment in path.Split('.'))
        {
            if (current is not StripeParams node)
            {
                return null;
            }

            current = node.Get(segment);
        }

        return current;
    }

    /// <summary>Stripe's form encoding, in tree order. Empty objects and lists are left out.</summary>
    public List<KeyValuePair<string, ParamValue>> Flatten()
    {
        // Sized exactly: plans keep these lists, so growing them would leave a trail of discarded arrays.
        var result = new List<KeyValuePair<string, ParamValue>>(LeafCount());
        Flatten(null, result);
        return result;
    }

    private int LeafCount()
    {
        var count = 0;
        foreach (var (_, value) in _entries)
        {
            switch (value)
            {
                case ParamValue:
                    count++;
                    break;
                case StripeParams child:
                    count += child.LeafCount();
                    break;
                case List<StripeParams> list:
                    foreach (var element in list)
                    {
                        count += element.LeafCount();
                    }

                    break;
            }
        }

        return count;
    }

    private void Flatten(string? prefix, List<KeyValuePair<string, ParamValue>> result)
    {
        foreach (var (key, value) in _entries)
        {
            var name = prefix is null ? key : $"{prefix}[{key}]";
            FlattenValue(name, value, result);
        }
    }

    private static void FlattenValue(string name, object value, List<KeyValuePair<string, ParamValue>> result)
    {
        switch (value)
        {
            case ParamValue scalar:
                result.Add(new(name, scalar));
                break;
            case StripeParams child:
                child.Flatten(name, result);
                break;
            case List<StripeParams> list:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i].Flatten(string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]"), result);
                }

                break;
        }
    }

    /// <summary>Structural equality of two values of a tree (objects compare in order).</summary>
    public static bool NodeEquals(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (ParamValue x, ParamValue y):
                return x == y;
            case (StripeParams x, StripeParams y):
                if (x._entries.Count != y._entries.Count)
                {
                    return false;
                }

                for (var i = 0; i < x._entries.Count; i++)
                {
                    if (x._entries[i].Key != y._entries[i].Key || !NodeEquals(x._entries[i].Value, y._entries[i].Value))
                    {
                        return false;
                    }
                }

                return true;
            case (List<StripeParams> x, List<StripeParams> y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!NodeEquals(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    public StripeParams DeepClone()
    {
        var copy = new StripeParams();
        foreach (var (key, value) in _entries)
        {
            copy._entries.Add(new(key, value switch
            {
                StripeParams child => child.DeepClone(),
                List<StripeParams> list => list.Select(static p => p.DeepClone()).ToList(),
                _ => value,
            }));
        }

        return copy;
    }

    internal StripeParams SetNode(string key, object value)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key == key)
            {
                _entries[i] = new(key, value);
                return this;
            }
        }

        _entries.Add(new(key, value));
        return this;
    }
}
