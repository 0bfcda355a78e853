using System.Reflection;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>One metadata file of the package, by its path relative to the package root ('/' separated).</summary>
internal sealed record PackageFile(string Path, Func<Stream> Open)
{
    /// <summary>Logical-name prefix of the XML embedded by CpqSync.Sandbox.csproj.</summary>
    internal const string ResourcePrefix = "CpqSync.SalesforcePackage/";

    public static IReadOnlyList<PackageFile> FromDirectory(string directory)
    {
        var root = System.IO.Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The Salesforce package directory '{root}' does not exist.");
        }

        return Directory.EnumerateFiles(root, "*-meta.xml", SearchOption.AllDirectories)
            .Select(file => new PackageFile(
                Normalize(System.IO.Path.GetRelativePath(root, file)),
                () => File.OpenRead(file)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<PackageFile> FromEmbeddedResources()
    {
        var assembly = typeof(PackageFile).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => new PackageFile(Normalize(name[ResourcePrefix.Length..]), () => OpenResource(assembly, name)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static Stream OpenResource(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing embedded resource '{name}'.");

    // MSBuild's %(RecursiveDir) uses the build machine's separator.
    private static string Normalize(string path) => path.Replace('\\', '/');
}
