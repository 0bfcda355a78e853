using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CpqSync.Cli;

/// <summary>How every <c>--json</c> document is printed: indented, keys in insertion order, non-ASCII text kept readable.</summary>
public static class CliJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(JsonNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ToJsonString(Options) + Environment.NewLine;
    }

    /// <summary>The names the JSON documents use for enum values: <c>PlanRefused</c> → <c>plan_refused</c>.</summary>
    public static string Snake(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        return string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }
}
