using System.Text.RegularExpressions;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>docs/salesforce-package.md describes the package as it is.</summary>
public partial class PackageDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(PackageLocation.RepositoryRoot, "docs", "salesforce-package.md"));

    [Fact]
    public void Every_API_name_in_the_docs_exists()
    {
        var names = ApiName().Matches(Docs).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(names);
        var packageFields = KnownSchema.Package.SelectMany(o => o.Fields.Keys).ToHashSet(StringComparer.Ordinal);
        Assert.All(names, name => Assert.True(KnownSchema.HasObject(name) || packageFields.Contains(name), $"docs name {name}"));
    }

    [Fact]
    public void The_deploy_steps_name_the_real_permission_sets_and_connected_app()
    {
        Assert.Contains("sf project deploy start", Docs, StringComparison.Ordinal);
        foreach (var set in MetadataFile.All(".permissionset-meta.xml"))
        {
            Assert.Contains($"sf org assign permset --name {set.Name}", Docs, StringComparison.Ordinal);
            Assert.Contains(set.Text("label")!, Docs, StringComparison.Ordinal);
        }

        Assert.Contains("connectedApps/CpqSync.connectedApp-meta.xml", Docs, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(PackageLocation.SourceDirectory, "connectedApps", "CpqSync.connectedApp-meta.xml")));
    }

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9]*(?:_{1,2}[A-Za-z0-9]+)*__c\b")]
    private static partial Regex ApiName();
}
