using System.Xml.Linq;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>Every name a package file uses resolves to a real object or field, as a deploy would require.</summary>
public class PackageReferencesTests
{
    // Column and sort tokens Salesforce uses for standard fields in list views and related lists.
    private static readonly Dictionary<string, string> StandardColumns = new()
    {
        ["NAME"] = "Name",
        ["CREATED_DATE"] = "CreatedDate",
        ["LAST_UPDATE"] = "LastModifiedDate",
        ["OWNER.ALIAS"] = "OwnerId",
    };

    [Fact]
    public void Lookups_point_at_existing_objects()
    {
        var lookups = MetadataFile.All(".field-meta.xml").Where(f => f.Text("referenceTo") is not null).ToList();
        Assert.NotEmpty(lookups);
        Assert.All(lookups, f => Assert.True(KnownSchema.HasObject(f.Text("referenceTo")!), $"{f.Path}: {f.Text("referenceTo")}"));
    }

    [Fact]
    public void Fields_are_added_only_to_existing_objects()
    {
        Assert.All(MetadataFile.All(".field-meta.xml"), f => Assert.True(KnownSchema.HasObject(f.ObjectName), f.Path));
    }

    [Fact]
    public void Permission_sets_name_existing_objects_fields_and_tabs()
    {
        foreach (var set in MetadataFile.All(".permissionset-meta.xml"))
        {
            foreach (var permission in set.Descendants("objectPermissions"))
            {
                Assert.True(KnownSchema.HasObject(permission.Child("object")!), $"{set.Name}: object {permission.Child("object")}");
            }

            foreach (var field in set.Values("field"))
            {
                var (objectName, fieldName) = Split(field);
                Assert.True(KnownSchema.HasField(objectName, fieldName), $"{set.Name}: field {field}");
            }

            foreach (var tab in set.Values("tab"))
            {
                Assert.True(File.Exists(Path.Combine(PackageLocation.SourceDirectory, "tabs", tab + ".tab-meta.xml")), $"{set.Name}: tab {tab}");
            }
        }
    }

    [Fact]
    public void Permission_sets_follow_Salesforce_access_rules()
    {
        var fields = MetadataFile.All(".field-meta.xml").ToDictionary(f => $"{f.ObjectName}.{f.Name}");
        foreach (var set in MetadataFile.All(".permissionset-meta.xml"))
        {
            foreach (var permission in set.Descendants("fieldPermissions"))
            {
                var name = permission.Child("field")!;
                var field = fields[name];
                // A deploy rejects field permissions on required and master-detail fields: they are always accessible.
                Assert.False(field.Text("required") == "true" || field.Text("type") == "MasterDetail", $"{set.Name}: {name} is required");
                Assert.Equal("true", permission.Child("readable"));
                if (field.Text("formula") is not null)
                {
                    Assert.Equal("false", permission.Child("editable"));
                }
            }

            foreach (var permission in set.Descendants("objectPermissions"))
            {
                bool Flag(string name) => permission.Child(name) == "true";
                var what = $"{set.Name}: {permission.Child("object")}";
                Assert.True(!Flag("allowEdit") || Flag("allowRead"), what);
                Assert.True(!Flag("allowDelete") || Flag("allowEdit"), what);
                Assert.True(!Flag("viewAllRecords") || Flag("allowRead"), what);
                Assert.True(!Flag("modifyAllRecords") || (Flag("allowDelete") && Flag("viewAllRecords")), what);
            }
        }
    }

    [Fact]
    public void Layouts_name_existing_fields_and_related_lists()
    {
        foreach (var layout in MetadataFile.All(".layout-meta.xml"))
        {
            var objectName = layout.Name[..layout.Name.IndexOf('-', StringComparison.Ordinal)];
            Assert.True(KnownSchema.HasObject(objectName), layout.Path);
            foreach (var item in layout.Descendants("layoutItems"))
            {
                Assert.True(KnownSchema.HasField(objectName, item.Child("field")!), $"{layout.Path}: {item.Child("field")}");
            }

            foreach (var related in layout.Descendants("relatedLists"))
            {
                var (child, lookup) = Split(related.Child("relatedList")!);
                var childRelationship = KnownSchema.PackageObject(objectName).ChildRelationships.Values
                    .SingleOrDefault(c => c.ChildObject == child && c.Field == lookup);
                Assert.True(childRelationship is not null, $"{layout.Path}: {child}.{lookup} does not look up {objectName}");
                foreach (var column in related.Elements(MetadataFile.Ns + "fields").Select(e => e.Value))
                {
                    Assert.True(KnownSchema.HasField(child, Column(column)), $"{layout.Path}: column {column}");
                }

                if (related.Child("sortField") is { } sort)
                {
                    Assert.True(KnownSchema.HasField(child, Column(sort)), $"{layout.Path}: sort {sort}");
                }
            }
        }
    }

    [Fact]
    public void Layouts_keep_required_fields_required()
    {
        var required = new Dictionary<string, string[]>
        {
            ["Order"] = ["AccountId", "EffectiveDate", "Status"],
            ["Account"] = ["Name"],
        };
        foreach (var layout in MetadataFile.All(".layout-meta.xml"))
        {
            var objectName = layout.Name[..layout.Name.IndexOf('-', StringComparison.Ordinal)];
            var behaviours = layout.Descendants("layoutItems").ToDictionary(i => i.Child("field")!, i => i.Child("behavior"));
            var mustBeRequired = required.GetValueOrDefault(objectName) ?? KnownSchema.PackageObject(objectName).Fields.Values
                .Where(f => !f.Nillable && f.Createable && f.Custom && f.Type != CpqSync.Sandbox.Salesforce.Schema.FieldType.Boolean)
                .Select(f => f.Name).ToArray();
            Assert.All(mustBeRequired, f => Assert.Equal("Required", behaviours.GetValueOrDefault(f)));
        }
    }

    [Fact]
    public void Record_pages_show_existing_fields_and_related_lists()
    {
        foreach (var page in MetadataFile.All(".flexipage-meta.xml"))
        {
            var objectName = page.Text("sobjectType")!;
            Assert.True(KnownSchema.HasObject(objectName), page.Path);
            var fieldItems = page.Values("fieldItem").ToList();
            Assert.NotEmpty(fieldItems);
            foreach (var item in fieldItems)
            {
                Assert.StartsWith("Record.", item, StringComparison.Ordinal);
                Assert.True(KnownSchema.HasField(objectName, item["Record.".Length..]), $"{page.Path}: {item}");
            }

            var relatedLists = Properties(page, "relatedListApiName").ToList();
            Assert.Contains("Stripe_Sync_Records__r", relatedLists);
            Assert.All(relatedLists, r => Assert.True(
                KnownSchema.PackageObject(objectName).ChildRelationships.ContainsKey(r), $"{page.Path}: related list {r}"));
            Assert.All(Properties(page, "parentFieldApiName"), p => Assert.Equal($"{objectName}.Id", p));

            // Facets named by sections and columns exist as regions of the page.
            var regions = page.Descendants("flexiPageRegions").Select(r => r.Child("name")).ToHashSet();
            Assert.All(Properties(page, "columns").Concat(Properties(page, "body")), facet => Assert.Contains(facet, regions));
        }
    }

    [Fact]
    public void List_views_name_existing_fields()
    {
        var views = MetadataFile.All(".listView-meta.xml").ToList();
        Assert.Contains(views, v => v.Name == "Errors" && v.ObjectName == "Stripe_Sync_Record__c"
            && v.Descendants("filters").Any(f => f.Child("field") == "Resolution_Status__c" && f.Child("value") == "Error"));
        foreach (var view in views)
        {
            foreach (var field in view.Values("columns").Concat(view.Descendants("filters").Select(f => f.Child("field")!)))
            {
                Assert.True(KnownSchema.HasField(view.ObjectName, Column(field)), $"{view.Path}: {field}");
            }

            foreach (var filter in view.Descendants("filters"))
            {
                var field = KnownSchema.PackageField(view.ObjectName, filter.Child("field")!);
                if (field.RestrictedPicklist)
                {
                    Assert.Contains(filter.Child("value"), field.PicklistValues.Select(v => v.Value));
                }
            }
        }
    }

    [Fact]
    public void Tabs_name_objects_of_the_package()
    {
        var tabs = MetadataFile.All(".tab-meta.xml").Select(t => t.Name).ToList();
        Assert.Contains("Stripe_Sync_Record__c", tabs);
        Assert.All(tabs, t => Assert.True(File.Exists(Path.Combine(PackageLocation.SourceDirectory, "objects", t, t + ".object-meta.xml")), t));
    }

    [Fact]
    public void The_connected_app_asks_only_for_api_and_refresh_token_with_PKCE()
    {
        var app = MetadataFile.All(".connectedApp-meta.xml").Single();
        var oauth = app.Root.Element(MetadataFile.Ns + "oauthConfig")!;
        Assert.Equal(["Api", "RefreshToken"], oauth.Elements(MetadataFile.Ns + "scopes").Select(s => s.Value).Order(StringComparer.Ordinal));
        Assert.Equal("true", oauth.Child("isPkceRequired"));
        Assert.Equal("true", oauth.Child("isAdminApproved"));
        Assert.StartsWith("http", oauth.Child("callbackUrl"), StringComparison.Ordinal);
        var permissionSet = app.Text("permissionSetName");
        Assert.True(File.Exists(Path.Combine(PackageLocation.SourceDirectory, "permissionsets", permissionSet + ".permissionset-meta.xml")));
    }

    private static IEnumerable<string> Properties(MetadataFile page, string name) =>
        page.Descendants("componentInstanceProperties").Where(p => p.Child("name") == name).Select(p => p.Child("value")!);

    private static string Column(string token) => StandardColumns.GetValueOrDefault(token, token);

    private static (string Object, string Field) Split(string qualified)
    {
        var dot = qualified.IndexOf('.', StringComparison.Ordinal);
        Assert.True(dot > 0, $"'{qualified}' is not Object.Field");
        return (qualified[..dot], qualified[(dot + 1)..]);
    }
}
