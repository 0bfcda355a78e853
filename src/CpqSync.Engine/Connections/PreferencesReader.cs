using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Engine.Filters;

namespace CpqSync.Engine.Connections;

/// <summary>Reads the <c>preferences</c> section, naming the JSON path of the first value that does not fit.</summary>
internal static class PreferencesReader
{
    private static readonly string[] Keys = ["start_date", "filters", "live_sync", "sync_record_retention", "polling_interval", "live_sync_mode", "reconciliation_interval"];

    private static readonly string[] FilterKeys = ["object", "field", "operator", "value"];

    public static ConnectionDocument Read(JsonObject section, string path)
    {
        RejectUnknown(section, Keys, path);
        var defaults = new ConnectionDocument();
        return new ConnectionDocument
        {
            Preferences = new SyncPreferences
            {
                StartDate = ReadStartDate(section["start_date"], $"{path}.start_date"),
                Filters = section["filters"] is null ? defaults.Preferences.Filters : ReadFilters(section["filters"]!, $"{path}.filters"),
            },
            LiveSync = section["live_sync"] is null ? defaults.LiveSync : Bool(section["live_sync"]!, $"{path}.live_sync"),
            SyncRecordRetention = section["sync_record_retention"] is null
                ? defaults.SyncRecordRetention
                : ReadRetention(section["sync_record_retention"]!, $"{path}.sync_record_retention"),
            PollingInterval = section["polling_interval"] is null
                ? defaults.PollingInterval
                : ReadInterval(section["polling_interval"]!, $"{path}.polling_interval"),
            LiveSyncMode = section["live_sync_mode"] is null ? defaults.LiveSyncMode : ReadMode(section["live_sync_mode"]!, $"{path}.live_sync_mode"),
            ReconciliationInterval = section["reconciliation_interval"] is null
                ? defaults.ReconciliationInterval
                : ReadInterval(section["reconciliation_interval"]!, $"{path}.reconciliation_interval"),
        };
    }

    private static void RejectUnknown(JsonObject json, string[] known, string path)
    {
        foreach (var (key, _) in json)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw new ConnectionDocumentException($"{path}.{key}", $"unknown key (expected {string.Join(", ", known)}).");
            }
        }
    }

    private static DateOnly? ReadStartDate(JsonNode? node, string path) =>
        node is null ? null
        : DateOnly.TryParseExact(Text(node, path), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ConnectionDocumentException(path, $"'{Text(node, path)}' is not a date (YYYY-MM-DD).");

    private static List<SyncFilter> ReadFilters(JsonNode node, string path)
    {
        if (node is not JsonArray array)
        {
            throw new ConnectionDocumentException(path, "must be an array of {object, field, operator, value}.");
        }

        var filters = new List<SyncFilter>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{path}[{i}]";
            if (array[i] is not JsonObject filter)
            {
                throw new ConnectionDocumentException(at, "must be an object {object, field, operator, value}.");
            }

            RejectUnknown(filter, FilterKeys, at);
            var objectName = Required(filter, "object", at);
            var field = Required(filter, "field", at);
            var op = ReadOperator(filter["operator"], $"{at}.operator");
            filters.Add(new SyncFilter(objectName, field, op, FilterValueText.Read(filter["value"], op, $"{at}.value")));
        }

        return filters;
    }

    private static FilterOperator ReadOperator(JsonNode? node, string path)
    {
        var text = node is null ? throw new ConnectionDocumentException(path, "is missing.") : Text(node, path);
        // The web app writes the enum's name (EqualTo); snake case (equal_to) reads too.
        var name = text.Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<FilterOperator>(name, ignoreCase: true, out var op) && Enum.IsDefined(op) && !int.TryParse(name, out _)
            ? op
            : throw new ConnectionDocumentException(path, $"'{text}' is not an operator ({string.Join(", ", Enum.GetNames<FilterOperator>())}).");
    }

    private static int ReadRetention(JsonNode node, string path) =>
        node is JsonValue value && value.TryGetValue<int>(out var count) && count >= 1
            ? count
            : throw new ConnectionDocumentException(path, $"must be a whole number of at least 1, not {node.ToJsonString()}.");

    private static TimeSpan ReadInterval(JsonNode node, string path)
    {
        var text = Text(node, path);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval)
            && interval >= ConnectionDocument.MinPollingInterval && interval <= ConnectionDocument.MaxPollingInterval
            ? interval
            : throw new ConnectionDocumentException(path, $"'{text}' is not a duration between 00:00:01 and 1.00:00:00 (hh:mm:ss).");
    }

    private static Changes.LiveSyncMode ReadMode(JsonNode node, string path) => Text(node, path) switch
    {
        LiveSyncModeText.ChangeEvents => Changes.LiveSyncMode.ChangeEvents,
        LiveSyncModeText.Polling => Changes.LiveSyncMode.Polling,
        var other => throw new ConnectionDocumentException(path, $"'{other}' is not a live sync mode ({LiveSyncModeText.ChangeEvents}, {LiveSyncModeText.Polling})."),
    };

    private static string Required(JsonObject json, string key, string path) =>
        json[key] is { } node && Text(node, $"{path}.{key}") is { Length: > 0 } text
            ? text
            : throw new ConnectionDocumentException($"{path}.{key}", "is missing.");

    private static bool Bool(JsonNode node, string path) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : throw new ConnectionDocumentException(path, $"must be true or false, not {node.ToJsonString()}.");

    private static string Text(JsonNode node, string path) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw new ConnectionDocumentException(path, $"must be a string, not {node.ToJsonString()}.");
}
