using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;

namespace CpqSync.Engine.Connections;

/// <summary>
/// A filter's values in the document. Written as text, as the web app's form holds them (a list joined with commas,
/// or an array when a value holds a comma); read from text, numbers, booleans or arrays of them.
/// </summary>
internal static class FilterValueText
{
    public static JsonNode? Write(SyncFilter filter)
    {
        var texts = filter.Values.Select(Format).ToList();
        if (filter.Operator is FilterOperator.IsNull or FilterOperator.IsNotNull && texts.Count == 0)
        {
            return JsonValue.Create("");
        }

        if (texts.Count == 1 && !(IsList(filter.Operator) && texts[0].Contains(',', StringComparison.Ordinal)))
        {
            return JsonValue.Create(texts[0]);
        }

        return texts.Any(t => t.Contains(',', StringComparison.Ordinal))
            ? new JsonArray([.. texts.Select(static t => (JsonNode)JsonValue.Create(t))])
            : JsonValue.Create(string.Join(", ", texts));
    }

    public static IReadOnlyList<object> Read(JsonNode? node, FilterOperator op, string path)
    {
        switch (node)
        {
            case null:
                return [];
            case JsonArray array:
                return [.. array.Select((item, i) => Scalar(item, $"{path}[{i}]"))];
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (op is FilterOperator.IsNull or FilterOperator.IsNotNull && text.Length == 0)
                {
                    return [];
                }

                return IsList(op) ? text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [text];
            default:
                return [Scalar(node, path)];
        }
    }

    private static bool IsList(FilterOperator op) => op is FilterOperator.In or FilterOperator.NotIn;

    private static object Scalar(JsonNode? node, string path) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetValue<decimal>(out var number) => number,
            _ => throw new ConnectionDocumentException(path, $"must be text, a number or true/false, not {value.ToJsonString()}."),
        }
        : throw new ConnectionDocumentException(path, $"must be text, a number or true/false, not {node?.ToJsonString() ?? "null"}.");

    private static string Format(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
