using CpqSync.Sandbox.Salesforce.Metadata;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>
/// The objects and fields the package's files may name: the real Salesforce + CPQ schema, plus what the package
/// itself defines. The reference app's own objects and Stripe fields are left out, so only ours can satisfy a reference.
/// </summary>
internal static class KnownSchema
{
    private static readonly string[] ReferenceAppObjects =
    [
        "Sync_Record__c", "Quote_Stripe_Coupon__c", "Order_Stripe_Coupon__c",
        "Quote_Stripe_Coupon_Association__c", "Quote_Line_Stripe_Coupon_Association__c",
    ];

    public static IReadOnlyList<SObjectSchema> Package { get; } = SalesforcePackageSchema.Load(PackageLocation.ProjectDirectory);

    private static readonly Dictionary<string, HashSet<string>> Fields = Build();

    public static bool HasObject(string name) => Fields.ContainsKey(name);

    public static bool HasField(string objectName, string field) =>
        Fields.TryGetValue(objectName, out var fields) && fields.Contains(field);

    public static SObjectSchema PackageObject(string name) =>
        Package.Single(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public static FieldSchema PackageField(string objectName, string field) =>
        PackageObject(objectName).FindField(field) ?? throw new KeyNotFoundException($"{objectName}.{field} is not in the package.");

    private static Dictionary<string, HashSet<string>> Build()
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, node) in PackageLocation.CpqSchema)
        {
            if (name == "_meta" || ReferenceAppObjects.Contains(name) || node?["fields"] is not { } fields)
            {
                continue;
            }

            result[name] = new HashSet<string>(
                fields.AsObject().Select(f => f.Key).Where(f => !f.Contains("Stripe", StringComparison.Ordinal) && !f.StartsWith("Skip_", StringComparison.Ordinal)),
                StringComparer.OrdinalIgnoreCase);
        }

        foreach (var fragment in Package)
        {
            if (!result.TryGetValue(fragment.Name, out var set))
            {
                result[fragment.Name] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            set.UnionWith(fragment.Fields.Keys);
        }

        return result;
    }
}
