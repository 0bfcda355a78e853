using CpqSync.Sandbox.Salesforce.Metadata;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>The sandbox reads the package into schema fragments the way Salesforce describes the deployed metadata.</summary>
public class SalesforcePackageSchemaTests
{
    private static readonly IReadOnlyList<SObjectSchema> Package = SalesforcePackageSchema.LoadEmbedded();

    private static SObjectSchema Object(string name) => Package.Single(o => o.Name == name);

    private static FieldSchema Field(string objectName, string field) => Object(objectName).FindField(field)!;

    [Fact]
    public void The_embedded_package_is_the_one_in_the_repository()
    {
        var fromDisk = SalesforcePackageSchema.Load(PackageLocation.ProjectDirectory);
        Assert.Equal(fromDisk.Select(o => o.Name), Package.Select(o => o.Name));
        foreach (var (disk, embedded) in fromDisk.Zip(Package))
        {
            Assert.Equal(disk.KeyPrefix, embedded.KeyPrefix);
            Assert.Equal(disk.Fields.Values.OrderBy(f => f.Name), embedded.Fields.Values.OrderBy(f => f.Name), FieldComparer.Instance);
            Assert.Equal(disk.ChildRelationships.Values.OrderBy(c => c.RelationshipName), embedded.ChildRelationships.Values.OrderBy(c => c.RelationshipName));
        }
    }

    [Fact]
    public void Loading_from_the_source_folder_or_the_project_folder_gives_the_same_objects()
    {
        Assert.Equal(
            Package.Select(o => o.Name),
            SalesforcePackageSchema.Load(PackageLocation.SourceDirectory).Select(o => o.Name));
    }

    [Fact]
    public void There_is_one_fragment_per_object_the_package_touches()
    {
        Assert.Equal(
            [
                "Account", "Order", "OrderItem", "Order_Stripe_Coupon__c", "PricebookEntry", "Product2",
                "Quote_Line_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon__c",
                "SBQQ__QuoteLine__c", "SBQQ__Quote__c", "Stripe_Sync_Record__c",
            ],
            Package.Select(o => o.Name));
    }

    [Fact]
    public void A_standard_object_gets_only_the_fields_and_child_relationships_the_package_adds()
    {
        var account = Object("Account");
        Assert.Equal("", account.KeyPrefix);
        Assert.False(account.Custom);
        Assert.Equal(["Stripe_Customer_Link__c", "Stripe_ID__c"], account.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            new ChildRelationshipSchema("Stripe_Sync_Records__r", "Stripe_Sync_Record__c", "Account__c"),
            Assert.Single(account.ChildRelationships.Values));

        Assert.Equal(["Stripe_ID__c"], Object("Product2").Fields.Keys);
        Assert.Equal(["Stripe_ID__c"], Object("PricebookEntry").Fields.Keys);
        Assert.Equal(["Skip_Line_Item__c", "Stripe_ID__c"], Object("OrderItem").Fields.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Lookups_create_child_relationships_on_their_parents()
    {
        var order = Object("Order");
        Assert.Equal(new ChildRelationshipSchema("Order_Stripe_Coupons__r", "Order_Stripe_Coupon__c", "Order__c"), order.ChildRelationships["Order_Stripe_Coupons__r"]);
        Assert.Equal(new ChildRelationshipSchema("Stripe_Sync_Records__r", "Stripe_Sync_Record__c", "Order__c"), order.ChildRelationships["Stripe_Sync_Records__r"]);
        Assert.Equal("Order_Item__c", Object("OrderItem").ChildRelationships["Order_Stripe_Coupons__r"].Field);

        var quote = Object("SBQQ__Quote__c");
        Assert.Empty(quote.Fields);
        Assert.Equal(new ChildRelationshipSchema("Quote_Stripe_Coupon_Associations__r", "Quote_Stripe_Coupon_Association__c", "Quote__c"),
            Assert.Single(quote.ChildRelationships.Values));
        Assert.Equal("Quote_Line__c", Object("SBQQ__QuoteLine__c").ChildRelationships["Quote_Line_Stripe_Coupon_Associations__r"].Field);

        var coupon = Object("Quote_Stripe_Coupon__c");
        Assert.Equal(
            ["Quote_Line_Stripe_Coupon_Associations__r", "Quote_Stripe_Coupon_Associations__r"],
            coupon.ChildRelationships.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_lookup_is_a_reference_walked_through_its_own_name()
    {
        var lookup = Field("Order_Stripe_Coupon__c", "Order__c");
        Assert.Equal(FieldType.Reference, lookup.Type);
        Assert.Equal(["Order"], lookup.ReferenceTo);
        Assert.Equal("Order__r", lookup.RelationshipName);
        Assert.True(lookup.Nillable && lookup.Createable && lookup.Updateable);
        Assert.Same(lookup, Object("Order_Stripe_Coupon__c").ParentRelationships["Order__r"]);
    }

    [Fact]
    public void A_master_detail_field_is_required_and_cannot_be_reparented()
    {
        var master = Field("Quote_Stripe_Coupon_Association__c", "Quote__c");
        Assert.Equal(FieldType.Reference, master.Type);
        Assert.Equal(["SBQQ__Quote__c"], master.ReferenceTo);
        Assert.False(master.Nillable);
        Assert.True(master.Createable);
        Assert.False(master.Updateable);
    }

    [Fact]
    public void Custom_objects_are_complete_with_system_fields()
    {
        var record = Object("Stripe_Sync_Record__c");
        Assert.True(record.Custom);
        Assert.Equal("Stripe Sync Record", record.Label);
        Assert.Equal("Stripe Sync Records", record.LabelPlural);
        foreach (var name in new[] { "Id", "Name", "OwnerId", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp", "CurrencyIsoCode" })
        {
            var field = record.FindField(name);
            Assert.True(field is not null, name);
            Assert.False(field.Custom, name);
        }

        Assert.Equal(FieldType.Id, Field("Stripe_Sync_Record__c", "Id").Type);
        Assert.Equal(["Group", "User"], Field("Stripe_Sync_Record__c", "OwnerId").ReferenceTo);
        Assert.Equal("CreatedBy", Field("Stripe_Sync_Record__c", "CreatedById").RelationshipName);
        Assert.False(Field("Stripe_Sync_Record__c", "SystemModstamp").Createable);

        var name0 = Field("Stripe_Sync_Record__c", "Name");
        Assert.True(name0.AutoNumber);
        Assert.False(name0.Createable || name0.Updateable);
    }

    [Fact]
    public void Detail_objects_have_no_owner()
    {
        Assert.Null(Object("Quote_Stripe_Coupon_Association__c").FindField("OwnerId"));
        Assert.Null(Object("Quote_Line_Stripe_Coupon_Association__c").FindField("OwnerId"));
        Assert.NotNull(Object("Quote_Stripe_Coupon__c").FindField("OwnerId"));
    }

    [Fact]
    public void Custom_objects_get_stable_key_prefixes_no_CPQ_org_object_uses()
    {
        var prefixes = Package.Where(o => o.KeyPrefix != "").ToDictionary(o => o.Name, o => o.KeyPrefix);
        Assert.Equal(
            ["Order_Stripe_Coupon__c", "Quote_Line_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon__c", "Stripe_Sync_Record__c"],
            prefixes.Keys.Order(StringComparer.Ordinal));
        Assert.All(prefixes.Values, p => Assert.Matches("^a[2-9][0-9A-Za-z]$", p));
        Assert.Equal(prefixes.Count, prefixes.Values.Distinct(StringComparer.Ordinal).Count());

        var meta = PackageLocation.CpqSchema["_meta"]!.AsObject();
        var used = meta["keyPrefixesStandard"]!.AsObject().Concat(meta["keyPrefixesCustomObserved"]!.AsObject())
            .Select(p => (string)p.Value!).ToHashSet(StringComparer.Ordinal);
        Assert.All(prefixes.Values, p => Assert.DoesNotContain(p, used));

        // Deterministic: records kept in a data directory keep resolving to the same objects.
        Assert.Equal(prefixes, SalesforcePackageSchema.Load(PackageLocation.ProjectDirectory).Where(o => o.KeyPrefix != "").ToDictionary(o => o.Name, o => o.KeyPrefix));
        Assert.Equal("Stripe_Sync_Record__c", new OrgSchema(Package).FindByKeyPrefix(prefixes["Stripe_Sync_Record__c"])!.Name);
    }

    [Fact]
    public void Text_fields_keep_length_and_external_id_flags()
    {
        var accountId = Field("Account", "Stripe_ID__c");
        Assert.Equal((FieldType.String, 255, true, true, true), (accountId.Type, accountId.Length, accountId.ExternalId, accountId.Unique, accountId.Custom));

        // Amendment orders carry their initial order's schedule id, and orders share reused coupons.
        Assert.False(Field("Order", "Stripe_ID__c").Unique);
        Assert.True(Field("Order", "Stripe_ID__c").ExternalId);
        Assert.False(Field("Order_Stripe_Coupon__c", "Stripe_ID__c").Unique);

        Assert.Equal(18, Field("Stripe_Sync_Record__c", "Primary_Record_ID__c").Length);
        Assert.Equal((FieldType.TextArea, 131072), (Field("Stripe_Sync_Record__c", "Resolution_Message__c").Type, Field("Stripe_Sync_Record__c", "Resolution_Message__c").Length));
        Assert.False(Field("Quote_Stripe_Coupon__c", "Name__c").Nillable);
    }

    [Fact]
    public void Checkboxes_are_booleans_that_default_to_false()
    {
        var skip = Field("OrderItem", "Skip_Line_Item__c");
        Assert.Equal(FieldType.Boolean, skip.Type);
        Assert.Equal("false", skip.DefaultValue);
        Assert.False(skip.Nillable);
    }

    [Fact]
    public void Numbers_currencies_and_percents_keep_precision_and_scale()
    {
        Assert.Equal((FieldType.Double, 4, 0), Shape(Field("Stripe_Sync_Record__c", "Attempt__c")));
        Assert.Equal((FieldType.Currency, 16, 2), Shape(Field("Order_Stripe_Coupon__c", "Amount_Off__c")));
        Assert.Equal((FieldType.Percent, 5, 2), Shape(Field("Order_Stripe_Coupon__c", "Percent_Off__c")));
        Assert.Equal((FieldType.Date, 0, 0), Shape(Field("Order", "Stripe_Next_Invoice_Date__c")));
        Assert.Equal((FieldType.DateTime, 0, 0), Shape(Field("Stripe_Sync_Record__c", "Completed_At__c")));

        static (FieldType, int, int) Shape(FieldSchema f) => (f.Type, f.Precision, f.Scale);
    }

    [Fact]
    public void Picklists_keep_values_defaults_and_restriction()
    {
        var status = Field("Stripe_Sync_Record__c", "Resolution_Status__c");
        Assert.Equal(FieldType.Picklist, status.Type);
        Assert.True(status.RestrictedPicklist);
        Assert.Equal(["Success", "Error", "Resolved", "Warning", "Skipped"], status.PicklistValues.Select(v => v.Value));
        Assert.False(status.Nillable);

        var duration = Field("Quote_Stripe_Coupon__c", "Duration__c");
        Assert.Equal(["once", "repeating", "forever"], duration.PicklistValues.Select(v => v.Value));
        Assert.Equal("\"once\"", duration.DefaultValue);
        Assert.True(duration.PicklistValues[0].DefaultValue);

        // Stripe may add subscription statuses: the write-back must not fail on them.
        Assert.False(Field("Order", "Stripe_Subscription_Status__c").RestrictedPicklist);
        Assert.Contains("past_due", Field("Order", "Stripe_Subscription_Status__c").PicklistValues.Select(v => v.Value));
    }

    [Fact]
    public void Formulas_are_calculated_and_read_only()
    {
        var formula = Field("Stripe_Sync_Record__c", "Primary_Record__c");
        Assert.Equal((FieldType.String, 1300), (formula.Type, formula.Length));
        Assert.True(formula.Calculated);
        Assert.False(formula.Createable || formula.Updateable);
    }

    private sealed class FieldComparer : IEqualityComparer<FieldSchema>
    {
        public static readonly FieldComparer Instance = new();

        public bool Equals(FieldSchema? x, FieldSchema? y) =>
            x is not null && y is not null
            && x with { ReferenceTo = [], PicklistValues = [] } == y with { ReferenceTo = [], PicklistValues = [] }
            && x.ReferenceTo.SequenceEqual(y.ReferenceTo) && x.PicklistValues.SequenceEqual(y.PicklistValues);

        public int GetHashCode(FieldSchema obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
