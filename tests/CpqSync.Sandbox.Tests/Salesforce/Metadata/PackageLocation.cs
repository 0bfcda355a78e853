using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>Where the package's source and the reference CPQ schema are, found from the test's output folder.</summary>
internal static class PackageLocation
{
    public static string RepositoryRoot { get; } = FindUp("salesforce/sfdx-project.json")
        ?? throw new InvalidOperationException("No salesforce/sfdx-project.json above " + AppContext.BaseDirectory);

    public static string ProjectDirectory => Path.Combine(RepositoryRoot, "salesforce");

    public static string SourceDirectory => Path.Combine(ProjectDirectory, "force-app", "main", "default");

    /// <summary>
    /// The real Salesforce + CPQ schema (shared/salesforce/cpq-schema.json, kept beside the repository): the standard and
    /// CPQ objects and fields our metadata may name.
    /// </summary>
    public static JsonObject CpqSchema { get; } = LoadCpqSchema();

    public static IEnumerable<string> Files(string pattern) =>
        Directory.EnumerateFiles(SourceDirectory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(ProjectDirectory, path).Replace('\\', '/');

    private static JsonObject LoadCpqSchema()
    {
        var path = Path.Combine(RepositoryRoot, "..", "shared", "salesforce", "cpq-schema.json");
        if (!File.Exists(path))
        {
            path = FindUp("shared/salesforce/cpq-schema.json")
                ?? throw new InvalidOperationException("shared/salesforce/cpq-schema.json is not beside the repository.");
        }

        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, relative)))
            {
                return relative.StartsWith("salesforce/", StringComparison.Ordinal) ? dir.FullName : Path.Combine(dir.FullName, relative);
            }
        }

        return null;
    }
}
