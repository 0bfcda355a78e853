using System.Text.Json;
using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Saves the org to <c>&lt;DataDirectory&gt;/org.json</c> and loads it back. Values are written in Salesforce's wire
/// format; the file is replaced atomically (temp file, then rename) so a crash never leaves half a file.
/// </summary>
internal sealed class OrgStorage
{
    private const int FormatVersion = 1;
    private readonly string _path;

    public OrgStorage(string directory)
    {
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "org.json");
    }

    public bool Exists => File.Exists(_path);

    /// <summary>Serialises the latest committed state (immutable, so it needs no lock) and the counters taken so far.</summary>
    public static byte[] Snapshot(OrgSchema schema, RecordStore store)
    {
        var (sequences, autoNumbers) = store.Counters();
        var records = new JsonArray();
        foreach (var record in store.AllObjects())
        {
            var obj = schema.FindObject(record.ObjectName);
            var fields = new JsonObject();
            foreach (var (name, value) in record.Values)
            {
                if (value is null || obj?.FindField(name) is not { } field)
                {
                    continue;
                }

                fields[field.Name] = SalesforceJson.ToJson(value, field.Type);
            }

            records.Add(new JsonObject
            {
                ["type"] = record.ObjectName,
                ["id"] = record.Id,
                ["deleted"] = record.IsDeleted,
                ["fields"] = fields,
            });
        }

        var root = new JsonObject
        {
            ["format"] = FormatVersion,
            ["sequences"] = ToJson(sequences),
            ["autoNumbers"] = ToJson(autoNumbers),
            ["records"] = records,
        };
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    public void Write(byte[] snapshot)
    {
        var temp = _path + ".tmp";
        File.WriteAllBytes(temp, snapshot);
        File.Move(temp, _path, overwrite: true);
    }

    public void Load(OrgSchema schema, RecordStore store)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(_path))?.AsObject() ?? throw new InvalidDataException($"{_path} is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{_path} is not a saved org: {e.Message}", e);
        }

        if ((int?)root["format"] != FormatVersion)
        {
            throw new InvalidDataException($"{_path} was written by another version of the sandbox (format {root["format"]}).");
        }

        store.LoadCounters(
            root["sequences"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (long)p.Value!)),
            root["autoNumbers"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (long)p.Value!)));
        var loaded = new List<SObjectRecord>();
        foreach (var node in root["records"]!.AsArray())
        {
            var obj = schema.FindObject((string)node!["type"]!);
            if (obj is null)
            {
                continue; // The object was removed from the schema since the file was written.
            }

            var record = new SObjectRecord(obj.Name, (string)node["id"]!) { IsDeleted = (bool)node["deleted"]! };
            foreach (var (name, value) in node["fields"]!.AsObject())
            {
                if (obj.FindField(name) is { } field && field.Type != FieldType.Id)
                {
                    record[field.Name] = FieldValues.FromJson(field, value);
                }
            }

            loaded.Add(record);
        }

        store.Load(loaded);
    }

    private static JsonObject ToJson(Dictionary<string, long> values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            result[key] = value;
        }

        return result;
    }
}
