using System.Globalization;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Data;

/// <summary>Turns stored values into JSON the way Salesforce writes them.</summary>
public static class SalesforceJson
{
    /// <summary>Datetimes are UTC with milliseconds and a <c>+0000</c> offset: <c>2026-01-31T09:00:00.000+0000</c>.</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The JSON for one stored value of a field of <paramref name="type"/>.</summary>
    public static JsonNode? ToJson(object? value, FieldType type) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        decimal d when type == FieldType.Int => JsonValue.Create(decimal.ToInt64(decimal.Truncate(d))),
        decimal d => JsonValue.Create(d),
        DateOnly date => JsonValue.Create(FormatDate(date)),
        DateTimeOffset dateTime => JsonValue.Create(FormatDateTime(dateTime)),
        string s => JsonValue.Create(s),
        JsonNode node => node.DeepClone(),
        _ => throw new InvalidOperationException($"Unexpected stored value of type {value.GetType().Name}."),
    };

    /// <summary>The <c>attributes</c> object every record carries.</summary>
    public static JsonObject Attributes(string objectName, string? id, string apiVersion) => new()
    {
        ["type"] = objectName,
        ["url"] = id is null ? null : $"/services/data/v{apiVersion}/sobjects/{objectName}/{id}",
    };
}
