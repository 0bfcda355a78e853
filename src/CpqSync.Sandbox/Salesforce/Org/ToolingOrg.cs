using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// What the Tooling API (<c>/services/data/vXX.X/tooling/query</c>) answers about the org's installed packages:
/// <c>InstalledSubscriberPackage</c> with its <c>SubscriberPackage</c> (name, namespace) and
/// <c>SubscriberPackageVersion</c> (version numbers). The org has Salesforce CPQ (namespace <c>SBQQ</c>) installed.
/// Read-only, like the real objects (query and retrieve only).
/// </summary>
internal sealed class ToolingOrg : IRecordSource
{
    /// <summary>The installed CPQ package's version: Salesforce CPQ 252.2.0 (build 1).</summary>
    public static readonly (int Major, int Minor, int Patch, int Build) CpqVersion = (252, 2, 0, 1);

    private readonly List<SObjectRecord> _records;

    public ToolingOrg()
    {
        Schema = new OrgSchema(
        [
            Object("SubscriberPackage", "033",
                Text("Name", "Name"), Text("NamespacePrefix", "Namespace Prefix"), Text("Description", "Description"),
                new FieldSchema { Name = "IsPackageValid", Label = "Is Package Valid", Type = FieldType.Boolean, Nillable = false }),
            Object("SubscriberPackageVersion", "04t",
                Text("Name", "Name"), Number("MajorVersion", "Major Version"), Number("MinorVersion", "Minor Version"),
                Number("PatchVersion", "Patch Version"), Number("BuildNumber", "Build Number"),
                Reference("SubscriberPackageId", "Subscriber Package ID", "SubscriberPackage"),
                new FieldSchema { Name = "IsBeta", Label = "Is Beta", Type = FieldType.Boolean, Nillable = false },
                new FieldSchema { Name = "IsManaged", Label = "Is Managed", Type = FieldType.Boolean, Nillable = false }),
            Object("InstalledSubscriberPackage", "0A3",
                Reference("SubscriberPackageId", "Subscriber Package ID", "SubscriberPackage"),
                Reference("SubscriberPackageVersionId", "Subscriber Package Version ID", "SubscriberPackageVersion"),
                Reference("MinPackageVersionId", "Min Package Version ID", "SubscriberPackageVersion")),
        ]);
        var package = Record("SubscriberPackage", "033", 1,
            ("Name", "Salesforce CPQ"), ("NamespacePrefix", "SBQQ"), ("Description", "Salesforce CPQ"), ("IsPackageValid", true));
        var version = Record("SubscriberPackageVersion", "04t", 1,
            ("Name", "Spring '25"), ("MajorVersion", (decimal)CpqVersion.Major), ("MinorVersion", (decimal)CpqVersion.Minor),
            ("PatchVersion", (decimal)CpqVersion.Patch), ("BuildNumber", (decimal)CpqVersion.Build), ("SubscriberPackageId", package.Id),
            ("IsBeta", false), ("IsManaged", true));
        var installed = Record("InstalledSubscriberPackage", "0A3", 1,
            ("SubscriberPackageId", package.Id), ("SubscriberPackageVersionId", version.Id), ("MinPackageVersionId", version.Id));
        _records = [package, version, installed];
    }

    public OrgSchema Schema { get; }

    public IEnumerable<SObjectRecord> Records(string objectName, bool includeDeleted) =>
        _records.Where(r => string.Equals(r.ObjectName, objectName, StringComparison.OrdinalIgnoreCase)).ToList();

    public SObjectRecord? Find(string id)
    {
        var id18 = SalesforceId.Normalize(id);
        return id18 is null ? null : _records.FirstOrDefault(r => r.Id == id18);
    }

    public IEnumerable<SObjectRecord> Children(string childObject, string field, string parentId, bool includeDeleted)
    {
        var id18 = SalesforceId.Normalize(parentId);
        return Records(childObject, includeDeleted).Where(r => Equals(r[field], id18)).ToList();
    }

    private static SObjectSchema Object(string name, string keyPrefix, params FieldSchema[] fields) =>
        new(name, name, name + "s", keyPrefix, custom: false,
            [new FieldSchema { Name = "Id", Label = "ID", Type = FieldType.Id, Length = 18, Nillable = false, Createable = false, Updateable = false }, .. fields],
            [])
        {
            Createable = false,
            Updateable = false,
            Deletable = false,
        };

    private static FieldSchema Text(string name, string label) =>
        new() { Name = name, Label = label, Type = FieldType.String, Length = 255, Createable = false, Updateable = false };

    private static FieldSchema Number(string name, string label) =>
        new() { Name = name, Label = label, Type = FieldType.Int, Precision = 9, Createable = false, Updateable = false };

    private static FieldSchema Reference(string name, string label, string target) =>
        new()
        {
            Name = name, Label = label, Type = FieldType.Reference, Length = 18, ReferenceTo = [target],
            RelationshipName = name[..^2], Createable = false, Updateable = false,
        };

    private static SObjectRecord Record(string objectName, string keyPrefix, long sequence, params (string Field, object? Value)[] values)
    {
        var record = new SObjectRecord(objectName, SalesforceId.Create(keyPrefix, sequence));
        foreach (var (field, value) in values)
        {
            record[field] = value;
        }

        return record;
    }
}
