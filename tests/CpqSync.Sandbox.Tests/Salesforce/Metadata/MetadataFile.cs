using System.Xml.Linq;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>One XML file of the package, parsed.</summary>
internal sealed record MetadataFile(string Path, XElement Root)
{
    public static readonly XNamespace Ns = "http://soap.sforce.com/2006/04/metadata";

    public static MetadataFile Load(string path) => new(PackageLocation.Relative(path), XDocument.Load(path).Root!);

    public static IEnumerable<MetadataFile> All(string suffix) => PackageLocation.Files("*" + suffix).Select(Load);

    /// <summary>The component name: the file name without its metadata suffix.</summary>
    public string Name => System.IO.Path.GetFileName(Path)[..System.IO.Path.GetFileName(Path).IndexOf('.', StringComparison.Ordinal)];

    /// <summary>The object folder a file sits in (objects/&lt;Object&gt;/...).</summary>
    public string ObjectName => Path.Split('/') is var parts && Array.IndexOf(parts, "objects") is var i and >= 0
        ? parts[i + 1]
        : throw new InvalidOperationException($"{Path} is not under objects/.");

    public string? Text(string name) => Root.Element(Ns + name)?.Value;

    public IEnumerable<XElement> Descendants(string name) => Root.Descendants(Ns + name);

    public IEnumerable<string> Values(string name) => Descendants(name).Select(e => e.Value.Trim());
}

internal static class XElementExtensions
{
    public static string? Child(this XElement element, string name) => element.Element(MetadataFile.Ns + name)?.Value.Trim();
}
