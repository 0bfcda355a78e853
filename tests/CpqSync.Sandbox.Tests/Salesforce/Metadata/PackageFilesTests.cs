using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>Every file of the package is well-formed and has what `sf project deploy start` needs for its type.</summary>
public class PackageFilesTests
{
    // Metadata type (root element) expected for each SFDX source file suffix.
    private static readonly Dictionary<string, string> RootBySuffix = new()
    {
        [".field-meta.xml"] = "CustomField",
        [".object-meta.xml"] = "CustomObject",
        [".listView-meta.xml"] = "ListView",
        [".tab-meta.xml"] = "CustomTab",
        [".layout-meta.xml"] = "Layout",
        [".flexipage-meta.xml"] = "FlexiPage",
        [".permissionset-meta.xml"] = "PermissionSet",
        [".connectedApp-meta.xml"] = "ConnectedApp",
    };

    [Fact]
    public void The_project_file_points_at_the_source_folder()
    {
        var project = JsonNode.Parse(File.ReadAllText(Path.Combine(PackageLocation.ProjectDirectory, "sfdx-project.json")))!;
        var directories = project["packageDirectories"]!.AsArray();
        Assert.Contains(directories, d => (bool?)d!["default"] == true);
        Assert.All(directories, d => Assert.True(Directory.Exists(Path.Combine(PackageLocation.ProjectDirectory, (string)d!["path"]!))));
        Assert.Matches(@"^\d+\.0$", (string)project["sourceApiVersion"]!);
    }

    [Fact]
    public void Every_file_is_metadata_xml_of_the_type_its_name_says()
    {
        var files = PackageLocation.Files("*").ToList();
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var relative = PackageLocation.Relative(path);
            var suffix = RootBySuffix.Keys.SingleOrDefault(s => path.EndsWith(s, StringComparison.Ordinal));
            Assert.True(suffix is not null, $"{relative}: no known metadata suffix");
            var root = XDocument.Load(path).Root!;
            Assert.Equal(MetadataFile.Ns + RootBySuffix[suffix], root.Name);
        }
    }

    [Fact]
    public void Elements_come_in_the_order_the_Metadata_API_schema_declares()
    {
        // The Metadata API rejects an element out of its schema sequence ("invalid at this location"): fullName first,
        // then every type's fields in ordinal alphabetical order, repeated elements side by side.
        foreach (var path in PackageLocation.Files("*"))
        {
            foreach (var element in XDocument.Load(path).Root!.DescendantsAndSelf().Where(e => e.HasElements))
            {
                var names = element.Elements().Select(e => e.Name.LocalName).ToList();
                var distinct = names.Where((n, i) => i == 0 || names[i - 1] != n).ToList();
                var expected = distinct.Where(n => n == "fullName").Concat(distinct.Where(n => n != "fullName").Order(StringComparer.Ordinal));
                Assert.True(expected.SequenceEqual(distinct), $"{PackageLocation.Relative(path)}: <{element.Name.LocalName}> has {string.Join(", ", distinct)}");
            }
        }
    }

    [Fact]
    public void Every_field_has_the_elements_its_type_needs()
    {
        foreach (var file in MetadataFile.All(".field-meta.xml"))
        {
            Assert.Equal(file.Name, file.Text("fullName"));
            Assert.EndsWith("__c", file.Name, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(file.Text("label")), $"{file.Path}: label");
            Assert.False(string.IsNullOrWhiteSpace(file.Text("description")), $"{file.Path}: description (admins read it in Setup)");
            var type = file.Text("type");
            var formula = file.Text("formula") is not null;
            string[] needed = type switch
            {
                "Text" when formula => [],
                "Text" or "LongTextArea" => ["length"],
                "Number" or "Currency" or "Percent" => ["precision", "scale"],
                "Lookup" => ["referenceTo", "relationshipName", "relationshipLabel", "deleteConstraint"],
                "MasterDetail" => ["referenceTo", "relationshipName", "relationshipLabel", "relationshipOrder"],
                "Picklist" => ["valueSet"],
                "Checkbox" => ["defaultValue"],
                "Url" or "Date" or "DateTime" => [],
                _ => throw new Xunit.Sdk.XunitException($"{file.Path}: type '{type}' has no rule in this test"),
            };
            Assert.All(needed, element => Assert.True(file.Text(element) is not null, $"{file.Path}: <{element}> for {type}"));
            if (type == "LongTextArea")
            {
                Assert.True(file.Text("visibleLines") is not null, $"{file.Path}: visibleLines");
            }

            if (type is "LongTextArea" or "Checkbox" or "MasterDetail")
            {
                // Salesforce cannot make these required in the field definition (master-detail always is).
                Assert.True(file.Text("required") is null, $"{file.Path}: <required> on a {type}");
            }

            if (file.Text("unique") == "true")
            {
                // Stripe ids differ only by case (cus_AbC, cus_aBc): uniqueness must be case-sensitive.
                Assert.Equal("true", file.Text("caseSensitive"));
            }
        }
    }

    [Fact]
    public void Every_picklist_has_values_and_at_most_one_default()
    {
        foreach (var file in MetadataFile.All(".field-meta.xml").Where(f => f.Text("type") == "Picklist"))
        {
            var values = file.Descendants("value").ToList();
            Assert.NotEmpty(values);
            Assert.Equal(values.Count, values.Select(v => v.Child("fullName")).Distinct().Count());
            Assert.True(values.Count(v => v.Child("default") == "true") <= 1, file.Path);
        }
    }

    [Fact]
    public void Every_custom_object_has_what_a_deploy_needs()
    {
        var objects = MetadataFile.All(".object-meta.xml").ToList();
        Assert.Equal(
            ["Order_Stripe_Coupon__c", "Quote_Line_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon__c", "Stripe_Sync_Record__c"],
            objects.Select(o => o.Name).Order(StringComparer.Ordinal));
        foreach (var file in objects)
        {
            Assert.Equal(file.Name, file.ObjectName);
            foreach (var element in new[] { "label", "pluralLabel", "deploymentStatus", "sharingModel", "description" })
            {
                Assert.False(string.IsNullOrWhiteSpace(file.Text(element)), $"{file.Path}: <{element}>");
            }

            var nameField = file.Root.Element(MetadataFile.Ns + "nameField")!;
            Assert.NotNull(nameField.Child("label"));
            Assert.Contains(nameField.Child("type"), new[] { "Text", "AutoNumber" });
            if (nameField.Child("type") == "AutoNumber")
            {
                Assert.Matches(@"\{0+\}", nameField.Child("displayFormat"));
            }
        }
    }

    [Fact]
    public void Master_detail_objects_are_controlled_by_their_parent()
    {
        foreach (var file in MetadataFile.All(".object-meta.xml"))
        {
            var masterDetails = MetadataFile.All(".field-meta.xml")
                .Where(f => f.ObjectName == file.Name && f.Text("type") == "MasterDetail").ToList();
            Assert.Equal(masterDetails.Count > 0, file.Text("sharingModel") == "ControlledByParent");
            Assert.True(masterDetails.Count <= 2, $"{file.Name}: Salesforce allows two master-detail fields");
            Assert.Equal(
                Enumerable.Range(0, masterDetails.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                masterDetails.Select(f => f.Text("relationshipOrder")).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Other_components_have_their_required_elements()
    {
        foreach (var file in MetadataFile.All(".listView-meta.xml"))
        {
            Assert.Equal(file.Name, file.Text("fullName"));
            Assert.NotNull(file.Text("label"));
            Assert.NotNull(file.Text("filterScope"));
            Assert.NotEmpty(file.Values("columns"));
        }

        foreach (var file in MetadataFile.All(".tab-meta.xml"))
        {
            Assert.Equal("true", file.Text("customObject"));
            Assert.Matches(@"^Custom\d+: ", file.Text("motif"));
        }

        foreach (var file in MetadataFile.All(".layout-meta.xml"))
        {
            Assert.Contains('-', file.Name);
            Assert.NotEmpty(file.Descendants("layoutSections"));
        }

        foreach (var file in MetadataFile.All(".flexipage-meta.xml"))
        {
            Assert.NotNull(file.Text("masterLabel"));
            Assert.Equal("RecordPage", file.Text("type"));
            Assert.Equal("flexipage:recordHomeTemplateDesktop", file.Root.Element(MetadataFile.Ns + "template")?.Child("name"));
            var identifiers = file.Values("identifier").ToList();
            // Since API 53.0 every component and field instance needs a unique identifier.
            Assert.Equal(file.Descendants("componentInstance").Count() + file.Descendants("fieldInstance").Count(), identifiers.Count);
            Assert.Equal(identifiers.Count, identifiers.Distinct(StringComparer.Ordinal).Count());
        }

        Assert.Equal(
            ["CpqSync_Admin", "CpqSync_Coupon_User", "CpqSync_Integration_User"],
            MetadataFile.All(".permissionset-meta.xml").Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(MetadataFile.All(".permissionset-meta.xml"), p => Assert.StartsWith("CpqSync ", p.Text("label"), StringComparison.Ordinal));
    }
}
