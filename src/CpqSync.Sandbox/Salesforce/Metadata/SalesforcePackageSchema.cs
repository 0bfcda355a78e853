using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Metadata;

/// <summary>
/// Reads CpqSync's own Salesforce package (the SFDX source under <c>salesforce/</c>) as schema fragments, so the
/// emulated org and the deployable package are built from the same files and cannot disagree.
/// </summary>
/// <remarks>
/// One fragment per object. A standard or managed object (Account, SBQQ__QuoteLine__c…) gets only the fields the package
/// adds and the child relationships the package's lookups create on it, with an empty key prefix. A custom object the
/// package defines is complete: its fields, the standard system fields and a deterministic key prefix.
/// Fragments come back ordered by object name.
/// </remarks>
public static class SalesforcePackageSchema
{
    private static readonly Lazy<IReadOnlyList<SObjectSchema>> Embedded =
        new(() => PackageSchemaBuilder.Build(PackageFile.FromEmbeddedResources()));

    /// <summary>The package compiled into this assembly (the same XML files as <c>salesforce/force-app</c>).</summary>
    public static IReadOnlyList<SObjectSchema> LoadEmbedded() => Embedded.Value;

    /// <summary>
    /// Reads a package from disk: an SFDX project directory or any directory below it that holds <c>objects/</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">A metadata file is malformed; the message names the file.</exception>
    public static IReadOnlyList<SObjectSchema> Load(string sfdxSourceDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sfdxSourceDirectory);
        return PackageSchemaBuilder.Build(PackageFile.FromDirectory(sfdxSourceDirectory));
    }
}
