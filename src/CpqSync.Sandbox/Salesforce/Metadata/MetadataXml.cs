using System.Xml;
using System.Xml.Linq;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>Reading helpers for Metadata API XML (namespace <c>http://soap.sforce.com/2006/04/metadata</c>).</summary>
internal static class MetadataXml
{
    public static readonly XNamespace Ns = "http://soap.sforce.com/2006/04/metadata";

    public static XElement LoadRoot(PackageFile file, string expectedRoot)
    {
        XDocument document;
        try
        {
            using var stream = file.Open();
            document = XDocument.Load(stream);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{file.Path}: not well-formed XML ({e.Message})", e);
        }

        var root = document.Root!;
        if (root.Name != Ns + expectedRoot)
        {
            throw new InvalidDataException($"{file.Path}: expected a <{expectedRoot}> in the metadata namespace, found <{root.Name.LocalName}>.");
        }

        return root;
    }

    public static string? Text(this XElement parent, string name) => parent.Element(Ns + name)?.Value.Trim();

    public static string RequiredText(this XElement parent, string name, PackageFile file) =>
        parent.Text(name) is { Length: > 0 } value
            ? value
            : throw new InvalidDataException($"{file.Path}: <{name}> is required.");

    public static bool Flag(this XElement parent, string name) =>
        string.Equals(parent.Text(name), "true", StringComparison.OrdinalIgnoreCase);

    public static int Number(this XElement parent, string name, PackageFile file)
    {
        var text = parent.Text(name);
        if (text is null)
        {
            return 0;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{file.Path}: <{name}> must be a whole number, not '{text}'.");
    }
}
