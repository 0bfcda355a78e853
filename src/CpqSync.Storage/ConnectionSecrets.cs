using System.Collections;
using System.Text.Json;

namespace CpqSync.Storage;

/// <summary>
/// A connection's credentials (Salesforce client secret, refresh token, Stripe API key...), by name.
/// </summary>
/// <remarks>
/// Encrypted at rest with AES-GCM. <see cref="ToString"/> lists names only: the values never reach a log line.
/// </remarks>
public sealed class ConnectionSecrets : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _values;

    public ConnectionSecrets(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    /// <summary>No credentials.</summary>
    public static ConnectionSecrets Empty { get; } = new([]);

    public string this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<string> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value) =>
        _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        $"ConnectionSecrets {{ {string.Join(", ", _values.Keys.Order(StringComparer.Ordinal).Select(k => k + " = ***"))} }}";

    internal byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(_values);

    internal static ConnectionSecrets FromUtf8Json(ReadOnlySpan<byte> json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []);
}
