namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>The Salesforce core and CPQ (SBQQ) objects every emulated org has, embedded from <c>Objects/*.json</c>.</summary>
public static class BuiltInSchema
{
    private const string ResourcePrefix = "CpqSync.Sandbox.Salesforce.Schema.Objects.";

    private static readonly Lazy<IReadOnlyList<SObjectSchema>> Loaded = new(Load);

    public static IReadOnlyList<SObjectSchema> Objects => Loaded.Value;

    private static List<SObjectSchema> Load()
    {
        var assembly = typeof(BuiltInSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return SchemaFile.Read(stream, n);
            })
            .ToList();
    }
}
