using System.Globalization;

namespace CpqSync.Core.Records;

/// <summary>
/// One Salesforce record as read through the REST API: its sObject type and a map from field API name
/// (case-insensitive, as Salesforce treats them) to a value.
/// </summary>
/// <remarks>
/// Values are <c>string</c> (ids, text, picklists, dates as <c>yyyy-MM-dd</c>), <c>decimal</c>, <c>bool</c>
/// or <c>null</c>. Keeping the raw map lets custom mappings read any field by name; the typed accessors
/// below are what the built-in mapping uses.
/// </remarks>
public sealed class SfRecord
{
    private readonly Dictionary<string, object?> _fields;

    public SfRecord(string type, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        _fields = new Dictionary<string, object?>(fields, StringComparer.OrdinalIgnoreCase);
        Id = GetString("Id") ?? throw new ArgumentException($"A {type} record needs an Id.", nameof(fields));
    }

    /// <summary>The sObject API name, e.g. <c>OrderItem</c>.</summary>
    public string Type { get; }

    public string Id { get; }

    public IReadOnlyDictionary<string, object?> Fields => _fields;

    public bool Has(string field) => _fields.TryGetValue(field, out var value) && value is not null && value is not "";

    public object? Get(string field) => _fields.GetValueOrDefault(field);

    public string? GetString(string field) => _fields.GetValueOrDefault(field) switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        var other => Convert.ToString(other, CultureInfo.InvariantCulture),
    };

    public decimal? GetDecimal(string field) => _fields.GetValueOrDefault(field) switch
    {
        null => null,
        decimal d => d,
        string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public bool GetBool(string field) => _fields.GetValueOrDefault(field) switch
    {
        bool b => b,
        string s => string.Equals(s.Trim(), "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    public DateOnly? GetDate(string field)
    {
        var text = GetString(field);
        if (text is null)
        {
            return null;
        }

        // Datetimes ("2023-11-03T16:56:41.000+0000") are read as their UTC calendar date.
        return DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    public DateTimeOffset? GetDateTime(string field)
    {
        var text = GetString(field);
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }

    /// <summary>A copy with some fields replaced: how tests and the applier model write-backs.</summary>
    public SfRecord With(string field, object? value)
    {
        var copy = new Dictionary<string, object?>(_fields, StringComparer.OrdinalIgnoreCase) { [field] = value };
        return new SfRecord(Type, copy);
    }

    public override string ToString() => $"{Type} {Id}";
}
