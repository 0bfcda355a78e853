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
            objects[fragment.Name] = objects.TryGetValue(fragment.Name, out var existing)
                ? Merge(existing, fragment)
                : Complete(fragment, objects.Values.Select(o => o.KeyPrefix));
        }

        return new OrgSchema(objects.Values);
    }

    /// <summary>
    /// A new object gets what Salesforce gives every custom object: a key prefix, a Name, the system fields and,
    /// in this multi-currency org, CurrencyIsoCode.
    /// </summary>
    private static SObjectSchema Complete(SObjectSchema obj, IEnumerable<string> usedPrefixes)
    {
        var keyPrefix = obj.KeyPrefix.Length == 3 ? obj.KeyPrefix : FreeKeyPrefix(usedPrefixes);
        var added = SystemFields.All().Where(f => obj.FindField(f.Name) is null).ToList();
        if (added.Count == 0 && keyPrefix == obj.KeyPrefix)
        {
            return obj;
        }

        return new SObjectSchema(
            obj.Name, obj.Label, obj.LabelPlural, keyPrefix, obj.Custom, added.Concat(obj.Fields.Values), obj.ChildRelationships.Values)
        {
            ValidationRules = obj.ValidationRules,
            Createable = obj.Createable,
            Updateable = obj.Updateable,
            Deletable = obj.Deletable,
        };
    }

    private static string FreeKeyPrefix(IEnumerable<string> usedPrefixes)
    {
        const string Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var used = usedPrefixes.ToHashSet(StringComparer.Ordinal);
        return Chars.SelectMany(_ => Chars, (a, b) => "a" + a + b)
            .Where(p => string.CompareOrdinal(p, "a3A") >= 0)
            .First(p => !used.Contains(p));
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
            children.Values)
        {
            ValidationRules = [.. existing.ValidationRules.Where(r => fragment.ValidationRules.All(f => f.Name != r.Name)), .. fragment.ValidationRules],
            Createable = existing.Createable,
            Updateable = existing.Updateable,
            Deletable = existing.Deletable,
        };
    }
}
