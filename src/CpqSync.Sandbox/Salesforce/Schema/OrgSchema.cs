namespace CpqSync.Sandbox.Salesforce.Schema;

/// <summary>Every sObject type the emulated org knows, by name and by id key prefix.</summary>
public sealed class OrgSchema
{
    private readonly Dictionary<string, SObjectSchema> _byName;
    private readonly Dictionary<string, SObjectSchema> _byKeyPrefix;

    public OrgSchema(IEnumerable<SObjectSchema> objects)
    {
        _byName = objects.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);
        // Key prefixes are case-sensitive: 'a0z' and 'a0Z' are different objects.
        _byKeyPrefix = _byName.Values.Where(o => o.KeyPrefix.Length == 3).ToDictionary(o => o.KeyPrefix, StringComparer.Ordinal);
    }

    public IEnumerable<SObjectSchema> Objects => _byName.Values;

    public SObjectSchema? FindObject(string name) => _byName.GetValueOrDefault(name);

    public SObjectSchema? FindByKeyPrefix(string keyPrefix) => _byKeyPrefix.GetValueOrDefault(keyPrefix);
}
