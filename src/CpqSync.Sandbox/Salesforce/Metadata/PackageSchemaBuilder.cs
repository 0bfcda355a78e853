using System.Text.RegularExpressions;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>Turns the package's object and field files into one schema fragment per object.</summary>
internal static partial class PackageSchemaBuilder
{
    public static IReadOnlyList<SObjectSchema> Build(IReadOnlyList<PackageFile> files)
    {
        var objects = new SortedDictionary<string, ObjectParts>(StringComparer.OrdinalIgnoreCase);
        ObjectParts PartsOf(string name) =>
            objects.TryGetValue(name, out var parts) ? parts : objects[name] = new ObjectParts(name);

        foreach (var file in files)
        {
            if (ObjectFile().Match(file.Path) is { Success: true } objectMatch)
            {
                var name = objectMatch.Groups["object"].Value;
                if (!string.Equals(name, objectMatch.Groups["file"].Value, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{file.Path}: the object file must be named after its folder ({name}).");
                }

                PartsOf(name).Definition = CustomObjectReader.Read(file, name);
            }
            else if (FieldFile().Match(file.Path) is { Success: true } fieldMatch)
            {
                var name = fieldMatch.Groups["object"].Value;
                PartsOf(name).Fields.Add(CustomFieldReader.Read(file, name));
            }
        }

        foreach (var parts in objects.Values.ToList())
        {
            foreach (var field in parts.Fields.Where(f => f.ParentObject is not null))
            {
                PartsOf(field.ParentObject!).Children.Add(
                    new ChildRelationshipSchema(field.ChildRelationshipName!, parts.Name, field.Schema.Name));
            }
        }

        var prefixes = KeyPrefixes.Assign(objects.Values.Where(p => p.Definition is not null).Select(p => p.Name));
        return objects.Values.Select(parts => ToSchema(parts, prefixes)).ToList();
    }

    private static SObjectSchema ToSchema(ObjectParts parts, IReadOnlyDictionary<string, string> prefixes)
    {
        var fields = parts.Fields.Select(f => f.Schema).ToList();
        CheckUnique(parts.Name, fields.Select(f => f.Name), "field");
        CheckUnique(parts.Name, parts.Children.Select(c => c.RelationshipName), "child relationship");
        var custom = parts.Name.EndsWith("__c", StringComparison.Ordinal);
        if (parts.Definition is { } definition)
        {
            return new SObjectSchema(
                parts.Name, definition.Label, definition.LabelPlural, prefixes[parts.Name], custom,
                [.. definition.SystemFields, .. fields], parts.Children);
        }

        // A fragment of an object the org already has: the org keeps its own label and key prefix.
        return new SObjectSchema(parts.Name, parts.Name, parts.Name, "", custom, fields, parts.Children);
    }

    private static void CheckUnique(string objectName, IEnumerable<string> names, string what)
    {
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{objectName}: the {what} '{duplicate.Key}' is defined twice.");
        }
    }

    [GeneratedRegex(@"(?:^|/)objects/(?<object>[^/]+)/(?<file>[^/]+)\.object-meta\.xml$")]
    private static partial Regex ObjectFile();

    [GeneratedRegex(@"(?:^|/)objects/(?<object>[^/]+)/fields/(?<field>[^/]+)\.field-meta\.xml$")]
    private static partial Regex FieldFile();

    private sealed class ObjectParts(string name)
    {
        public string Name { get; } = name;
        public PackageObject? Definition { get; set; }
        public List<PackageField> Fields { get; } = [];
        public List<ChildRelationshipSchema> Children { get; } = [];
    }
}
