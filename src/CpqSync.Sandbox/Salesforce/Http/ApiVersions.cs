using System.Globalization;
using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>The REST API versions the sandbox serves: 50.0 (jsforce 3's default) to 65.0 (Winter '26).</summary>
internal static class ApiVersions
{
    public const int Oldest = 50;
    public const int Newest = 65;

    /// <summary>Reads a path segment such as <c>v58.0</c>; false for anything else or an unserved version.</summary>
    public static bool TryParse(string segment, out string version)
    {
        version = "";
        if (segment.Length < 4 || segment[0] != 'v' || !segment.EndsWith(".0", StringComparison.Ordinal)
            || !int.TryParse(segment.AsSpan(1, segment.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || major is < Oldest or > Newest)
        {
            return false;
        }

        version = segment[1..];
        return true;
    }

    /// <summary>The body of <c>GET /services/data</c>: every version with its release label.</summary>
    public static JsonArray List()
    {
        string[] seasons = ["Winter", "Spring", "Summer"];
        var list = new JsonArray();
        for (var major = Oldest; major <= Newest; major++)
        {
            // v50.0 was Winter '21; three releases a year since.
            var label = $"{seasons[(major - Oldest) % 3]} '{21 + ((major - Oldest) / 3)}";
            list.Add(new JsonObject
            {
                ["label"] = label,
                ["url"] = $"/services/data/v{major}.0",
                ["version"] = $"{major}.0",
            });
        }

        return list;
    }
}
