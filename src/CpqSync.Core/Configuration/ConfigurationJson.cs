using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CpqSync.Core.Configuration;

/// <summary>
/// The configuration document (docs/behaviour.md §10 format plus a <c>settings</c> section):
/// <code>
/// { "field_defaults": { "customer": { "metadata.Source": "Salesforce" } },
///   "field_mappings": { "customer": { "email": "Billing_Email__c" } },
///   "settings": { "default_currency": "usd", "prorate_precision": "month" } }
/// </code>
/// Saving sorts keys so the document diffs cleanly in version control.
/// </summary>
public static class ConfigurationJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static SyncConfiguration Load(string json)
    {
        var document = JsonSerializer.Deserialize<Document>(json, Options) ?? new Document();
        return new SyncConfiguration
        {
            FieldDefaults = Freeze(document.FieldDefaults),
            FieldMappings = Freeze(document.FieldMappings),
            Settings = document.Settings ?? new SyncSettings(),
        };
    }

    public static string Save(SyncConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var document = new Document
        {
            FieldDefaults = Sorted(configuration.FieldDefaults),
            FieldMappings = Sorted(configuration.FieldMappings),
            Settings = configuration.Settings,
        };
        return JsonSerializer.Serialize(document, Options);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, string>> Freeze(Dictionary<string, Dictionary<string, JsonElement>>? source) =>
        (source ?? []).ToDictionary(
            static o => o.Key,
            static o => (IReadOnlyDictionary<string, string>)o.Value.ToDictionary(static f => f.Key, static f => ConstantText(f.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);

    /// <summary>Defaults may be written as JSON numbers or booleans; Stripe receives them as form text.</summary>
    private static string ConstantText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "",
        _ => value.GetRawText(),
    };

    private static Dictionary<string, Dictionary<string, JsonElement>> Sorted(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> source)
    {
        var result = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
        foreach (var (key, fields) in source.OrderBy(static o => o.Key, StringComparer.Ordinal))
        {
            result[key] = fields.OrderBy(static f => f.Key, StringComparer.Ordinal)
                .ToDictionary(static f => f.Key, static f => JsonSerializer.SerializeToElement(f.Value), StringComparer.Ordinal);
        }

        return result;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new TimeZoneConverter());
        return options;
    }

    private sealed class Document
    {
        public Dictionary<string, Dictionary<string, JsonElement>>? FieldDefaults { get; set; }

        public Dictionary<string, Dictionary<string, JsonElement>>? FieldMappings { get; set; }

        public SyncSettings? Settings { get; set; }
    }

    private sealed class TimeZoneConverter : JsonConverter<TimeZoneInfo>
    {
        public override TimeZoneInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var id = reader.GetString() ?? "UTC";
            return id is "UTC" or "Etc/UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }

        public override void Write(Utf8JsonWriter writer, TimeZoneInfo value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value == TimeZoneInfo.Utc ? "UTC" : value.Id);
    }
}
