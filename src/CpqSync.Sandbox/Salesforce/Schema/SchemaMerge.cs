namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>
/// Builds the org's schema: the built-in objects, then fragments (CpqSync's package metadata), then user files.
/// A fragment named like an existing object adds or replaces fields and child relationships; a new name adds an object.
/// </summary>
public static class SchemaMerge
{
    public static OrgSchema Build(IEnumerable<SObjectSchema> baseObjects, params IEnumerable<SObjectSchema>[] layers)
    {
        var objects = new Dictionary<string, SObjectSchema>(StringComparer.OrdinalIgnoreCase);
        foreach (var obj in baseObjects)
        {
            objects[obj.Name] = obj;
        }

        foreach (var fragment in layers.SelectMany(l => l))
        {
            objects[fragment.Name] = objects.TryGetValue(fragment.Name, out var existing) ? Merge(existing, fragment) : fragment;
        }

        return new OrgSchema(objects.Values);
    }

    /// <summary>Loads every <c>*.json</c> file of a <c>--schema</c> directory, in name order.</summary>
    public static IReadOnlyList<SObjectSchema> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Schema directory '{directory}' does not exist.");
        }

        return Directory.GetFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(SchemaFile.ReadFile)
            .ToList();
    }

    public static SObjectSchema Merge(SObjectSchema existing, SObjectSchema fragment)
    {
        var fields = new Dictionary<string, FieldSchema>(existing.Fields, StringComparer.OrdinalIgnoreCase);
        foreach (var field in fragment.Fields.Values)
        {
            fields[field.Name] = field;
        }

        var children = new Dictionary<string, ChildRelationshipSchema>(existing.ChildRelationships, StringComparer.OrdinalIgnoreCase);
        foreach (var child in fragment.ChildRelationships.Values)
        {
            children[child.RelationshipName] = child;
        }

        return new SObjectSchema(
            existing.Name,
            existing.Label,
            existing.LabelPlural,
            existing.KeyPrefix.Length == 3 ? existing.KeyPrefix : fragment.KeyPrefix,
            existing.Custom,
            fields.Values,
            children.Values);
    }
}
