using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>Replaces <c>@{refId.id}</c> and <c>@{refId.records[0].Id}</c> with values from earlier subrequests' bodies.</summary>
internal static partial class CompositeReferences
{
    public static string Resolve(string text, IReadOnlyDictionary<string, JsonNode?> results) =>
        Reference().Replace(text, match => Lookup(match, results));

    public static JsonNode? Resolve(JsonNode? node, IReadOnlyDictionary<string, JsonNode?> results) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Resolve(p.Value, results)))),
        JsonArray array => new JsonArray(array.Select(item => Resolve(item, results)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Resolve(value.GetValue<string>(), results)),
        _ => node?.DeepClone(),
    };

    private static string Lookup(Match match, IReadOnlyDictionary<string, JsonNode?> results)
    {
        var referenceId = match.Groups["ref"].Value;
        var path = match.Groups["path"].Value;
        if (!results.TryGetValue(referenceId, out var node))
        {
            throw Invalid(referenceId, path);
        }

        foreach (Match step in Step().Matches(path))
        {
            node = step.Groups["name"].Success
                ? Property(node as JsonObject, step.Groups["name"].Value)
                : node is JsonArray array && int.Parse(step.Groups["index"].Value, CultureInfo.InvariantCulture) is var i && i < array.Count
                    ? array[i]
                    : null;
            if (node is null)
            {
                throw Invalid(referenceId, path);
            }
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node!.ToJsonString();
    }

    private static JsonNode? Property(JsonObject? obj, string name) =>
        obj?.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static SalesforceErrorException Invalid(string referenceId, string path) =>
        new(400, "PROCESSING_HALTED",
            $"Invalid reference specified. No value for {referenceId}{path} found in {referenceId}. "
            + $"Provided referenceId ('{referenceId}') refers to an unknown or failed subrequest.");

    [GeneratedRegex(@"@\{(?<ref>[A-Za-z0-9_]+)(?<path>(?:\.[A-Za-z0-9_]+|\[\d+\])+)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(@"\.(?<name>[A-Za-z0-9_]+)|\[(?<index>\d+)\]")]
    private static partial Regex Step();
}
