using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>Where the package's source and the reference CPQ schema are, found from the test's output folder.</summary>
internal static class PackageLocation
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot()
        ?? throw new InvalidOperationException("No salesforce/sfdx-project.json above " + AppContext.BaseDirectory);

    public static string ProjectDirectory => Path.Combine(RepositoryRoot, "salesforce");

    public static string SourceDirectory => Path.Combine(ProjectDirectory, "force-app", "main", "default");

    /// <summary>
    /// The real Salesforce + CPQ schema (<c>TestData/salesforce-cpq-schema.json</c>): the standard and CPQ objects and
    /// fields our metadata may name.
    /// </summary>
    public static JsonObject CpqSchema { get; } = TestDataFile.ReadJson("salesforce-cpq-schema.json").AsObject();

    public static IEnumerable<string> Files(string pattern) =>
        Directory.EnumerateFiles(SourceDirectory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(ProjectDirectory, path).Replace('\\', '/');

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "salesforce", "sfdx-project.json")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
