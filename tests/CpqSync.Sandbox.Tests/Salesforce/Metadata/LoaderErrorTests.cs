using CpqSync.Sandbox.Salesforce.Metadata;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>A package directory a user points the sandbox at: objects of their own, and clear errors for bad files.</summary>
public sealed class LoaderErrorTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("cpqsync-package-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void A_users_own_object_and_fields_load_from_a_directory()
    {
        Write("objects/Invoice_Note__c/Invoice_Note__c.object-meta.xml", """
            <CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
                <deploymentStatus>Deployed</deploymentStatus>
                <label>Invoice Note</label>
                <nameField><label>Note Name</label><type>Text</type></nameField>
                <pluralLabel>Invoice Notes</pluralLabel>
                <sharingModel>ReadWrite</sharingModel>
            </CustomObject>
            """);
        Write("objects/Invoice_Note__c/fields/Contact_Email__c.field-meta.xml", Field("Contact_Email__c", "Email", ""));
        Write("objects/Contact/fields/Note__c.field-meta.xml", Field("Note__c", "Lookup",
            "<referenceTo>Invoice_Note__c</referenceTo><relationshipName>Contacts</relationshipName><deleteConstraint>SetNull</deleteConstraint>"));

        var package = SalesforcePackageSchema.Load(_root.FullName);

        var note = package.Single(o => o.Name == "Invoice_Note__c");
        Assert.Equal(3, note.KeyPrefix.Length);
        Assert.Equal((FieldType.String, 80), (note.Fields["Name"].Type, note.Fields["Name"].Length));
        Assert.Equal((FieldType.Email, 80), (note.Fields["Contact_Email__c"].Type, note.Fields["Contact_Email__c"].Length));
        Assert.Equal(new ChildRelationshipSchema("Contacts__r", "Contact", "Note__c"), note.ChildRelationships["Contacts__r"]);
        Assert.Equal("", package.Single(o => o.Name == "Contact").KeyPrefix);
    }

    [Fact]
    public void A_malformed_file_is_reported_by_its_path()
    {
        Write("objects/Account/fields/Broken__c.field-meta.xml", "<CustomField xmlns=\"http://soap.sforce.com/2006/04/metadata\"><fullName>");

        var error = Assert.Throws<InvalidDataException>(() => SalesforcePackageSchema.Load(_root.FullName));

        Assert.StartsWith("objects/Account/fields/Broken__c.field-meta.xml: not well-formed XML", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Geolocation", "", "field type 'Geolocation' is not supported")]
    [InlineData("Picklist", "", "a picklist needs a <valueSet>")]
    [InlineData("Lookup", "<referenceTo>Account</referenceTo>", "<relationshipName> is required")]
    public void A_field_the_sandbox_cannot_emulate_is_reported(string type, string extra, string message)
    {
        Write("objects/Account/fields/Odd__c.field-meta.xml", Field("Odd__c", type, extra));

        var error = Assert.Throws<InvalidDataException>(() => SalesforcePackageSchema.Load(_root.FullName));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("objects/Account/fields/Odd__c.field-meta.xml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_file_must_be_named_after_its_field()
    {
        Write("objects/Account/fields/Other__c.field-meta.xml", Field("Odd__c", "Date", ""));

        var error = Assert.Throws<InvalidDataException>(() => SalesforcePackageSchema.Load(_root.FullName));

        Assert.Contains("does not match the file name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_reported()
    {
        Assert.Throws<DirectoryNotFoundException>(() => SalesforcePackageSchema.Load(Path.Combine(_root.FullName, "nope")));
    }

    private static string Field(string name, string type, string extra) => $"""
        <CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
            <fullName>{name}</fullName><label>{name}</label><type>{type}</type>{extra}
        </CustomField>
        """;

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
