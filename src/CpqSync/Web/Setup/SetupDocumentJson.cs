using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;

namespace CpqSync.Web.Setup;

/// <summary>
/// The connection's configuration document as the wizard reads and writes it: the mapping document of
/// <see cref="ConfigurationJson"/> plus a <c>preferences</c> section. Sections the wizard does not edit are kept.
/// </summary>
public static class SetupDocumentJson
{
    private const string PreferencesKey = "preferences";

    public static SetupDocument Load(string json)
    {
        var root = JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];
        var preferences = root[PreferencesKey] as JsonObject;
        var mappings = (JsonObject)root.DeepClone();
        mappings.Remove(PreferencesKey);
        return new SetupDocument
        {
            Mappings = ConfigurationJson.Load(mappings.ToJsonString()),
            Preferences = preferences is null ? new SetupPreferences() : ReadPreferences(preferences),
        };
    }

    public static string Save(SetupDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = JsonNode.Parse(ConfigurationJson.Save(document.Mappings))!.AsObject();
        var p = document.Preferences;
        root[PreferencesKey] = new JsonObject
        {
            ["start_date"] = p.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["filters"] = new JsonArray([.. p.Filters.Select(static f => (JsonNode)new JsonObject
            {
                ["object"] = f.ObjectName,
                ["field"] = f.Field,
                ["operator"] = f.Operator.ToString(),
                ["value"] = f.Value,
            })]),
            ["sync_record_retention"] = p.SyncRecordRetention,
            ["polling_interval"] = p.PollingInterval.ToString("c", CultureInfo.InvariantCulture),
            ["live_sync"] = p.LiveSync,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static SetupPreferences ReadPreferences(JsonObject p)
    {
        var defaults = new SetupPreferences();
        return new SetupPreferences
        {
            StartDate = p["start_date"]?.GetValue<string>() is { } start
                ? DateOnly.ParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : null,
            Filters = p["filters"] is JsonArray filters
                ? [.. filters.OfType<JsonObject>().Select(static f => new FilterRow(
                    f["object"]?.GetValue<string>() ?? "",
                    f["field"]?.GetValue<string>() ?? "",
                    Enum.Parse<FilterOperator>(f["operator"]?.GetValue<string>() ?? nameof(FilterOperator.EqualTo), ignoreCase: true),
                    f["value"]?.GetValue<string>() ?? ""))]
                : defaults.Filters,
            SyncRecordRetention = p["sync_record_retention"]?.GetValue<int>() ?? defaults.SyncRecordRetention,
            PollingInterval = p["polling_interval"]?.GetValue<string>() is { } interval
                ? TimeSpan.Parse(interval, CultureInfo.InvariantCulture)
                : defaults.PollingInterval,
            LiveSync = p["live_sync"]?.GetValue<bool>() ?? defaults.LiveSync,
        };
    }
}
