using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.Schema;
using Microsoft.Extensions.Time.Testing;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public sealed class SchemaTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cpqsync-schema-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("Order", "801")]
    [InlineData("OrderItem", "802")]
    [InlineData("Account", "001")]
    [InlineData("Contact", "003")]
    [InlineData("Product2", "01t")]
    [InlineData("Pricebook2", "01s")]
    [InlineData("PricebookEntry", "01u")]
    [InlineData("Opportunity", "006")]
    [InlineData("Contract", "800")]
    [InlineData("User", "005")]
    [InlineData("ConsumptionSchedule", "0Mh")]
    [InlineData("ConsumptionRate", "0Mo")]
    [InlineData("ProductConsumptionSchedule", "0Mq")]
    [InlineData("SBQQ__Quote__c", "a0z")]
    [InlineData("SBQQ__QuoteLine__c", "a0v")]
    [InlineData("SBQQ__Subscription__c", "a1B")]
    [InlineData("SBQQ__OrderItemConsumptionSchedule__c", "a0Z")]
    [InlineData("SBQQ__OrderItemConsumptionRate__c", "a0Y")]
    [InlineData("SBQQ__Dimension__c", "a0D")]
    [InlineData("SBQQ__DiscountSchedule__c", "a0G")]
    [InlineData("SBQQ__DiscountTier__c", "a0H")]
    [InlineData("SBQQ__BlockPrice__c", "a02")]
    public void Every_core_and_cpq_object_exists_with_its_real_key_prefix_and_system_fields(string name, string keyPrefix)
    {
        var (org, _) = NewOrg();

        var obj = org.Schema.FindObject(name)!;

        Assert.Equal(keyPrefix, obj.KeyPrefix);
        foreach (var field in new[] { "Id", "IsDeleted", "CreatedDate", "CreatedById", "LastModifiedDate", "LastModifiedById", "SystemModstamp" })
        {
            Assert.NotNull(obj.FindField(field));
        }
    }

    [Theory]
    [InlineData("SBQQ__Quote__c", "SBQQ__StartDate__c", FieldType.Date)]
    [InlineData("SBQQ__Quote__c", "SBQQ__SubscriptionTerm__c", FieldType.Double)]
    [InlineData("SBQQ__Quote__c", "SBQQ__PaymentTerms__c", FieldType.Picklist)]
    [InlineData("Opportunity", "SBQQ__AmendedContract__c", FieldType.Reference)]
    [InlineData("Opportunity", "SBQQ__RenewedContract__c", FieldType.Reference)]
    [InlineData("Contract", "SBQQ__AmendmentStartDate__c", FieldType.Date)]
    [InlineData("OrderItem", "SBQQ__ProrateMultiplier__c", FieldType.Double)]
    [InlineData("OrderItem", "SBQQ__BillingFrequency__c", FieldType.Picklist)]
    [InlineData("OrderItem", "SBQQ__ChargeType__c", FieldType.Picklist)]
    [InlineData("OrderItem", "SBQQ__BillingType__c", FieldType.Picklist)]
    [InlineData("OrderItem", "SBQQ__SegmentIndex__c", FieldType.Double)]
    [InlineData("OrderItem", "SBQQ__SegmentKey__c", FieldType.String)]
    [InlineData("OrderItem", "SBQQ__SegmentLabel__c", FieldType.String)]
    [InlineData("OrderItem", "SBQQ__RevisedOrderProduct__c", FieldType.Reference)]
    [InlineData("OrderItem", "SBQQ__SubscriptionTerm__c", FieldType.Double)]
    [InlineData("Product2", "SBQQ__SubscriptionPricing__c", FieldType.Picklist)]
    [InlineData("Product2", "SBQQ__SubscriptionType__c", FieldType.Picklist)]
    [InlineData("ConsumptionRate", "UpperBound", FieldType.Int)]
    [InlineData("SBQQ__OrderItemConsumptionRate__c", "SBQQ__PricingMethod__c", FieldType.Picklist)]
    [InlineData("Order", "SBQQ__Quote__c", FieldType.Reference)]
    [InlineData("Order", "ActivatedDate", FieldType.DateTime)]
    public void The_fields_the_sync_reads_exist_with_real_names_and_types(string objectName, string field, FieldType type)
    {
        var (org, _) = NewOrg();

        Assert.Equal(type, org.Schema.FindObject(objectName)!.FindField(field)!.Type);
    }

    [Fact]
    public void The_reference_app_fields_are_left_to_cpqsync_package_metadata()
    {
        var (org, _) = NewOrg();

        Assert.Null(org.Schema.FindObject("Sync_Record__c"));
        Assert.Null(org.Schema.FindObject("Order")!.FindField("Stripe_ID__c"));
        Assert.DoesNotContain(org.Schema.Objects.SelectMany(o => o.Fields.Keys), f => f.StartsWith("stripeConnector__", StringComparison.Ordinal));
    }

    [Fact]
    public void Restricted_picklists_are_marked()
    {
        var (org, _) = NewOrg();

        Assert.True(org.Schema.FindObject("Order")!.FindField("Status")!.RestrictedPicklist);
        Assert.True(org.Schema.FindObject("Order")!.FindField("StatusCode")!.RestrictedPicklist);
        Assert.True(org.Schema.FindObject("OrderItem")!.FindField("CurrencyIsoCode")!.RestrictedPicklist);
        Assert.False(org.Schema.FindObject("Account")!.FindField("Industry")!.RestrictedPicklist);
    }

    [Fact]
    public void A_schema_directory_file_adds_a_field_and_an_object()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "Account.json"), """
            {
              "name": "Account",
              "fields": [
                {"name": "Tier__c", "type": "picklist", "picklistValues": ["Gold", "Silver"], "restrictedPicklist": true}
              ]
            }
            """);
        File.WriteAllText(Path.Combine(_directory, "Invoice__c.json"), """
            {
              "name": "Invoice__c",
              "label": "Invoice",
              "keyPrefix": "a5X",
              "fields": [
                {"name": "Name", "type": "string", "length": 80},
                {"name": "Account__c", "type": "reference", "referenceTo": ["Account"]}
              ]
            }
            """);
        var org = SalesforceOrg.Create(new SalesforceOrgOptions { SchemaDirectory = _directory }, new FakeTimeProvider(Start));

        var account = org.Create("Account", Json("""{"Name":"A","Tier__c":"Gold"}"""));
        var invoice = org.Create("Invoice__c", Json($$"""{"Name":"INV-1","Account__c":"{{account}}"}"""));

        Assert.Equal("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", Fails(() => org.Create("Account", Json("""{"Name":"B","Tier__c":"Tin"}"""))).ErrorCode);
        Assert.StartsWith("a5X", invoice, StringComparison.Ordinal);
        Assert.Equal("Account__r", org.Schema.FindObject("Invoice__c")!.FindField("Account__c")!.RelationshipName);
        Assert.NotNull(org.Schema.FindObject("Invoice__c")!.FindField("CreatedDate"));
        Assert.NotNull(org.Schema.FindObject("Account")!.FindField("BillingCity"));
    }

    [Fact]
    public void Extra_schema_fragments_merge_before_schema_directory_files()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "Order.json"), """
            {"name": "Order", "fields": [{"name": "Stripe_ID__c", "type": "string", "length": 40}]}
            """);
        var fragment = new SObjectSchema("Order", "Order", "Orders", "", false,
            [new FieldSchema { Name = "Stripe_ID__c", Label = "Stripe ID", Type = FieldType.String, Length = 255, ExternalId = true }],
            [new ChildRelationshipSchema("Stripe_Sync_Records__r", "Stripe_Sync_Record__c", "Order__c")]);

        var org = SalesforceOrg.Create(
            new SalesforceOrgOptions { ExtraSchema = [fragment], SchemaDirectory = _directory }, new FakeTimeProvider(Start));

        var order = org.Schema.FindObject("Order")!;
        Assert.Equal(40, order.FindField("Stripe_ID__c")!.Length);
        Assert.Equal("801", order.KeyPrefix);
        Assert.NotNull(order.ChildRelationships.GetValueOrDefault("Stripe_Sync_Records__r"));
        Assert.NotNull(order.ChildRelationships.GetValueOrDefault("OrderItems"));
    }

    [Fact]
    public void Describe_reports_fields_with_salesforce_types_and_child_relationships()
    {
        var (org, _) = NewOrg();

        var describe = org.Describe("Order", "59.0");
        var global = org.DescribeGlobal("59.0");

        Assert.Equal("801", (string?)describe["keyPrefix"]);
        var status = describe["fields"]!.AsArray().Single(f => (string?)f!["name"] == "Status")!;
        Assert.Equal("picklist", (string?)status["type"]);
        Assert.True((bool)status["restrictedPicklist"]!);
        Assert.Contains(status["picklistValues"]!.AsArray(), v => (string?)v!["value"] == "Activated");
        var city = describe["fields"]!.AsArray().Single(f => (string?)f!["name"] == "BillingCity")!;
        Assert.Equal("BillingAddress", (string?)city["compoundFieldName"]);
        Assert.Contains(describe["childRelationships"]!.AsArray(), c => (string?)c!["relationshipName"] == "OrderItems" && (bool)c["cascadeDelete"]!);
        Assert.Contains(global["sobjects"]!.AsArray(), o => (string?)o!["name"] == "SBQQ__Quote__c" && (string?)o["keyPrefix"] == "a0z");
        Assert.Equal("/services/data/v59.0/sobjects/Order/describe", (string?)describe["urls"]!["describe"]);
    }

    [Fact]
    public void Every_object_describes_and_appears_in_the_global_describe()
    {
        var (org, _) = NewOrg();
        var global = org.DescribeGlobal("59.0")["sobjects"]!.AsArray().Select(o => (string)o!["name"]!).ToHashSet();

        foreach (var obj in org.Schema.Objects)
        {
            var describe = org.Describe(obj.Name, "59.0");
            Assert.Equal(obj.Fields.Count, describe["fields"]!.AsArray().Count);
            Assert.Contains(obj.Name, global);
            Assert.All(obj.Fields.Values.Where(f => f.Type == FieldType.Reference), f => Assert.NotNull(f.RelationshipName));
        }
    }
}
