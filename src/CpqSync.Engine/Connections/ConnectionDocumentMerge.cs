using System.Text.Json.Nodes;

namespace CpqSync.Engine.Connections;

/// <summary>One value a new document changes, by JSON path; <see langword="null"/> where the value is absent.</summary>
public sealed record DocumentChange(string Path, string? Old, string? New)
{
    public override string ToString() => $"{Path}: {Old ?? "(none)"} → {New ?? "(none)"}";
}

/// <summary>
/// A partial document applied to a stored one (<c>cpqsync config import</c> without <c>--replace</c>), with the same
/// rules as a JSON merge patch (RFC 7386): objects merge key by key, any other value (an array, such as the filters,
/// included) replaces the stored one, and <c>null</c> removes the key, which then reads as its default.
/// </summary>
public static class ConnectionDocumentMerge
{
    /// <exception cref="ConnectionDocumentException">The partial document, or the merged one, can't be read; the message names the JSON path.</exception>
    public static ConnectionDocument Merge(ConnectionDocument stored, string partialJson)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(partialJson);
        var patch = ConnectionDocumentJson.Parse(partialJson);
        var merged = JsonNode.Parse(ConnectionDocumentJson.Save(stored))!.AsObject();
        Apply(merged, patch);
        return ConnectionDocumentJson.Load(merged.ToJsonString());
    }

    /// <summary>Every value that differs between the two documents as <c>config export</c> writes them, in document order.</summary>
    public static IReadOnlyList<DocumentChange> Changes(ConnectionDocument before, ConnectionDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<DocumentChange>();
        Compare(JsonNode.Parse(ConnectionDocumentJson.Save(before)), JsonNode.Parse(ConnectionDocumentJson.Save(after)), "$", changes);
        return changes;
    }

    private static void Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject section && target[key] is JsonObject existing)
            {
                Apply(existing, section);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private static void Compare(JsonNode? before, JsonNode? after, string path, List<DocumentChange> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(static p => p.Key).Union(b.Select(static p => p.Key), StringComparer.Ordinal))
            {
                Compare(a[key], b[key], $"{path}.{key}", changes);
            }
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            changes.Add(new DocumentChange(path, Text(before), Text(after)));
        }
    }

    private static string? Text(JsonNode? node) => node?.ToJsonString(ConnectionDocumentJson.CompactOptions);
}
