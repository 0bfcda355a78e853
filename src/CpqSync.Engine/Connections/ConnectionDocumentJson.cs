using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Filters;

namespace CpqSync.Engine.Connections;

/// <summary>
/// The configuration document as JSON: the mapping sections of <see cref="ConfigurationJson"/> (snake case) plus a
/// <c>preferences</c> section, the format of <c>cpqsync config export</c> and the one the web app's wizard saves:
/// <code>
/// { "field_mappings": { "customer": { "email": "Billing_Email__c" } },
///   "settings": { "default_currency": "USD" },
///   "preferences": { "start_date": "2025-01-01", "live_sync": true, "sync_record_retention": 20, "polling_interval": "00:00:30",
///                    "filters": [ { "object": "Order", "field": "Status", "operator": "EqualTo", "value": "Activated" } ] } }
/// </code>
/// A mappings-only document loads with the default preferences.
/// </summary>
public static class ConnectionDocumentJson
{
    private const string PreferencesKey = "preferences";

    private const string OrgKey = "org";

    private static readonly JsonSerializerOptions OrgOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>One line, as the changes of an import print values.</summary>
    internal static JsonSerializerOptions CompactOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <exception cref="ConnectionDocumentException">The document is not valid JSON or holds a value that does not fit; the message names the JSON path.</exception>
    public static ConnectionDocument Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = Parse(json);
        var preferences = root[PreferencesKey];
        root.Remove(PreferencesKey);
        var org = LoadOrg(root[OrgKey]);
        root.Remove(OrgKey);
        var mappings = LoadMappings(root.ToJsonString());
        var document = preferences switch
        {
            null => new ConnectionDocument(),
            JsonObject section => PreferencesReader.Read(section, "$." + PreferencesKey),
            _ => throw new ConnectionDocumentException("$." + PreferencesKey, "must be an object."),
        };
        return document with { Mappings = mappings, Org = org };
    }

    /// <summary>The detected org facts (<c>"org"</c>), which only CpqSync writes; unreadable facts count as never detected.</summary>
    private static OrgFacts? LoadOrg(JsonNode? node)
    {
        if (node is not JsonObject section)
        {
            return null;
        }

        try
        {
            return section.Deserialize<OrgFacts>(OrgOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The document with sorted mapping keys, so it diffs cleanly in version control.</summary>
    public static string Save(ConnectionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = JsonNode.Parse(ConfigurationJson.Save(document.Mappings))!.AsObject();
        root[PreferencesKey] = new JsonObject
        {
            ["start_date"] = document.Preferences.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["filters"] = new JsonArray([.. document.Preferences.Filters.Select(static f => (JsonNode)new JsonObject
            {
                ["object"] = f.ObjectName,
                ["field"] = f.Field,
                ["operator"] = f.Operator.ToString(),
                ["value"] = FilterValueText.Write(f),
            })]),
            ["live_sync"] = document.LiveSync,
            ["sync_record_retention"] = document.SyncRecordRetention,
            ["polling_interval"] = document.PollingInterval.ToString("c", CultureInfo.InvariantCulture),
        };
        // Written only when set, so documents that never chose keep their shape (and the org's default).
        if (document.LiveSyncMode is { } mode)
        {
            root[PreferencesKey]!["live_sync_mode"] = LiveSyncModeText.Of(mode);
        }

        if (document.ReconciliationInterval != ConnectionDocument.DefaultReconciliationInterval)
        {
            root[PreferencesKey]!["reconciliation_interval"] = document.ReconciliationInterval.ToString("c", CultureInfo.InvariantCulture);
        }

        if (document.Org is not null)
        {
            root[OrgKey] = JsonSerializer.SerializeToNode(document.Org, OrgOptions);
        }

        return root.ToJsonString(WriteOptions);
    }

    internal static JsonObject Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json, documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new ConnectionDocumentException(
                e.Path ?? "$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", e);
        }

        return node as JsonObject ?? throw new ConnectionDocumentException("$", "the document must be a JSON object.");
    }

    private static SyncConfiguration LoadMappings(string json)
    {
        try
        {
            return ConfigurationJson.Load(json);
        }
        catch (JsonException e)
        {
            // System.Text.Json appends "Path: … | LineNumber: …" to its own message; the path is reported first instead.
            var message = e.Message.Split(" Path: ", 2)[0].Trim();
            throw new ConnectionDocumentException(e.Path ?? "$", message, e);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConnectionDocumentException("$.settings", e.Message, e);
        }
    }
}
