using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>Turns a field's JSON wire value into the typed value <see cref="SObjectRecord"/> stores, as Salesforce parses it.</summary>
internal static class FieldValues
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    public static object? FromJson(FieldSchema field, JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonValue value)
        {
            throw OrgErrors.ParserError(TypeName(field.Type), node is JsonArray ? "START_ARRAY" : "START_OBJECT", node.ToJsonString());
        }

        var kind = value.GetValueKind();
        return field.Type switch
        {
            FieldType.Boolean => ToBoolean(value, kind),
            FieldType.Int or FieldType.Double or FieldType.Currency or FieldType.Percent => ToNumber(field, value, kind),
            FieldType.Date => ToDate(value, kind),
            FieldType.DateTime => ToDateTime(value, kind),
            FieldType.Id or FieldType.Reference => ToText(value, kind),
            _ => ToText(value, kind),
        };
    }

    /// <summary>Parses the text of a default value or a saved value.</summary>
    public static object? FromJsonText(FieldSchema field, string json) => FromJson(field, JsonNode.Parse(json));

    public static string TokenKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "VALUE_STRING",
        JsonValueKind.Number => "VALUE_NUMBER_INT",
        JsonValueKind.True => "VALUE_TRUE",
        JsonValueKind.False => "VALUE_FALSE",
        _ => "VALUE_NULL",
    };

    private static string ToText(JsonValue value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static bool ToBoolean(JsonValue value, JsonValueKind kind)
    {
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            return kind == JsonValueKind.True;
        }

        var text = ToText(value, kind);
        return bool.TryParse(text, out var parsed) ? parsed : throw OrgErrors.ParserError("boolean", TokenKind(kind), text);
    }

    private static decimal ToNumber(FieldSchema field, JsonValue value, JsonValueKind kind)
    {
        var text = ToText(value, kind);
        if (kind is not (JsonValueKind.Number or JsonValueKind.String)
            || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw OrgErrors.ParserError(TypeName(field.Type), TokenKind(kind), text);
        }

        return field.Type == FieldType.Int ? decimal.Truncate(number) : number;
    }

    private static DateOnly ToDate(JsonValue value, JsonValueKind kind)
    {
        var text = ToText(value, kind);
        if (kind == JsonValueKind.String
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        // Salesforce also takes a datetime for a date field and keeps its date part.
        if (kind == JsonValueKind.String && TryParseDateTime(text, out var dateTime))
        {
            return DateOnly.FromDateTime(dateTime.UtcDateTime);
        }

        throw OrgErrors.ParserError("date", TokenKind(kind), text);
    }

    private static DateTimeOffset ToDateTime(JsonValue value, JsonValueKind kind)
    {
        var text = ToText(value, kind);
        if (kind == JsonValueKind.String && TryParseDateTime(text, out var dateTime))
        {
            return dateTime;
        }

        if (kind == JsonValueKind.String
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        throw OrgErrors.ParserError("datetime", TokenKind(kind), text);
    }

    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        // Salesforce writes "+0000" (no colon), which the round-trip formats do not accept.
        var normalised = text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && char.IsAsciiDigit(text[^1]) && text[^3] != ':'
            ? text[..^2] + ":" + text[^2..]
            : text;
        if (DateTimeOffset.TryParseExact(
            normalised,
            DateTimeFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        return false;
    }

    private static string TypeName(FieldType type) => type switch
    {
        FieldType.Int => "int",
        FieldType.Double or FieldType.Currency or FieldType.Percent => "double",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        _ => "string",
    };
}
