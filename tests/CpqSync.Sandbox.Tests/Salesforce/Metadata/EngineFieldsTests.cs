using CpqSync.Sandbox.Salesforce.Metadata;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Metadata;

/// <summary>
/// Every field the sync engine writes exists in the package with the type the engine writes, in both the deployable XML and
/// the copy compiled into the sandbox, and the CpqSync Integration User permission set lets the engine write it.
/// </summary>
public class EngineFieldsTests
{
    private static readonly MetadataFile IntegrationUser = MetadataFile.Load(
        Path.Combine(PackageLocation.SourceDirectory, "permissionsets", "CpqSync_Integration_User.permissionset-meta.xml"));

    public static TheoryData<string, string, FieldType, int> WrittenFields => new()
    {
        // Stripe ID write-back (docs/behaviour.md §1).
        { "Account", "Stripe_ID__c", FieldType.String, 255 },
        { "Product2", "Stripe_ID__c", FieldType.String, 255 },
        { "PricebookEntry", "Stripe_ID__c", FieldType.String, 255 },
        { "Order", "Stripe_ID__c", FieldType.String, 255 },
        { "OrderItem", "Stripe_ID__c", FieldType.String, 255 },
        { "Quote_Stripe_Coupon__c", "Stripe_ID__c", FieldType.String, 255 },
        { "Order_Stripe_Coupon__c", "Stripe_ID__c", FieldType.String, 255 },
        // Sync Records (docs/behaviour.md §12).
        { "Stripe_Sync_Record__c", "Compound_ID__c", FieldType.String, 255 },
        { "Stripe_Sync_Record__c", "Primary_Record_ID__c", FieldType.String, 18 },
        { "Stripe_Sync_Record__c", "Primary_Object_Type__c", FieldType.String, 80 },
        { "Stripe_Sync_Record__c", "Secondary_Record_ID__c", FieldType.String, 18 },
        { "Stripe_Sync_Record__c", "Secondary_Object_Type__c", FieldType.String, 80 },
        { "Stripe_Sync_Record__c", "Resolution_Status__c", FieldType.Picklist, 255 },
        { "Stripe_Sync_Record__c", "Resolution_Message__c", FieldType.TextArea, 131072 },
        { "Stripe_Sync_Record__c", "Resolution_Documentation_Link__c", FieldType.Url, 255 },
        { "Stripe_Sync_Record__c", "Stripe_Request_Dashboard_Link__c", FieldType.Url, 255 },
        { "Stripe_Sync_Record__c", "Error_Code__c", FieldType.String, 80 },
        { "Stripe_Sync_Record__c", "Retryable__c", FieldType.Boolean, 0 },
        { "Stripe_Sync_Record__c", "Attempt__c", FieldType.Double, 0 },
        { "Stripe_Sync_Record__c", "Stripe_Object_ID__c", FieldType.String, 255 },
        { "Stripe_Sync_Record__c", "Stripe_Dashboard_Link__c", FieldType.Url, 255 },
        { "Stripe_Sync_Record__c", "Started_At__c", FieldType.DateTime, 0 },
        { "Stripe_Sync_Record__c", "Completed_At__c", FieldType.DateTime, 0 },
        { "Stripe_Sync_Record__c", "Order__c", FieldType.Reference, 18 },
        { "Stripe_Sync_Record__c", "Account__c", FieldType.Reference, 18 },
        // Status and Dashboard links on the order and account (docs/behaviour.md §1, §11).
        { "Order", "Stripe_Subscription_Status__c", FieldType.Picklist, 255 },
        { "Order", "Stripe_Current_Phase__c", FieldType.Double, 0 },
        { "Order", "Stripe_Next_Invoice_Date__c", FieldType.Date, 0 },
        { "Order", "Stripe_Latest_Invoice_Status__c", FieldType.Picklist, 255 },
        { "Order", "Stripe_Latest_Invoice_Amount__c", FieldType.Currency, 0 },
        { "Order", "Stripe_Amount_Due__c", FieldType.Currency, 0 },
        { "Order", "Stripe_Status_Updated__c", FieldType.DateTime, 0 },
        { "Order", "Stripe_Customer_Link__c", FieldType.Url, 255 },
        { "Order", "Stripe_Subscription_Payment_Link__c", FieldType.Url, 255 },
        { "Order", "Stripe_Invoice_Payment_Link__c", FieldType.Url, 255 },
        { "Account", "Stripe_Customer_Link__c", FieldType.Url, 255 },
        // Coupon copies on orders and order lines (docs/behaviour.md §9).
        { "Order_Stripe_Coupon__c", "Name__c", FieldType.String, 40 },
        { "Order_Stripe_Coupon__c", "Percent_Off__c", FieldType.Percent, 0 },
        { "Order_Stripe_Coupon__c", "Amount_Off__c", FieldType.Currency, 0 },
        { "Order_Stripe_Coupon__c", "Duration__c", FieldType.Picklist, 255 },
        { "Order_Stripe_Coupon__c", "Duration_In_Months__c", FieldType.Double, 0 },
        { "Order_Stripe_Coupon__c", "Max_Redemptions__c", FieldType.Double, 0 },
        { "Order_Stripe_Coupon__c", "Quote_Stripe_Coupon_Id__c", FieldType.String, 18 },
        { "Order_Stripe_Coupon__c", "Order__c", FieldType.Reference, 18 },
        { "Order_Stripe_Coupon__c", "Order_Item__c", FieldType.Reference, 18 },
        { "Order_Stripe_Coupon__c", "CurrencyIsoCode", FieldType.Picklist, 3 },
    };

    public static TheoryData<string, string, FieldType> ReadFields => new()
    {
        { "OrderItem", "Skip_Line_Item__c", FieldType.Boolean },
        { "SBQQ__QuoteLine__c", "Skip_Line_Item__c", FieldType.Boolean },
        { "Quote_Stripe_Coupon__c", "Name__c", FieldType.String },
        { "Quote_Stripe_Coupon__c", "Percent_Off__c", FieldType.Percent },
        { "Quote_Stripe_Coupon__c", "Amount_Off__c", FieldType.Currency },
        { "Quote_Stripe_Coupon__c", "Duration__c", FieldType.Picklist },
        { "Quote_Stripe_Coupon__c", "Duration_In_Months__c", FieldType.Double },
        { "Quote_Stripe_Coupon__c", "Max_Redemptions__c", FieldType.Double },
        { "Quote_Stripe_Coupon__c", "CurrencyIsoCode", FieldType.Picklist },
        { "Quote_Stripe_Coupon_Association__c", "Quote__c", FieldType.Reference },
        { "Quote_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon__c", FieldType.Reference },
        { "Quote_Line_Stripe_Coupon_Association__c", "Quote_Line__c", FieldType.Reference },
        { "Quote_Line_Stripe_Coupon_Association__c", "Quote_Stripe_Coupon__c", FieldType.Reference },
    };

    [Theory]
    [MemberData(nameof(WrittenFields))]
    public void The_engine_can_write_the_field(string objectName, string fieldName, FieldType type, int length)
    {
        foreach (var package in new[] { KnownSchema.Package, SalesforcePackageSchema.LoadEmbedded() })
        {
            var field = package.Single(o => o.Name == objectName).FindField(fieldName);
            Assert.True(field is not null, $"{objectName}.{fieldName} is missing");
            Assert.Equal(type, field.Type);
            Assert.Equal(length, field.Length);
            Assert.True(field.Createable && field.Updateable, $"{objectName}.{fieldName} is read-only in the API");
        }

        var field0 = KnownSchema.PackageField(objectName, fieldName);
        if (field0.Custom && field0.Nillable)
        {
            Assert.Equal("true", FieldPermission(objectName, fieldName)?.Child("editable"));
        }

        Assert.All(ObjectsGoverning(objectName), o => Assert.Equal("true", ObjectPermission(o)?.Child("allowEdit")));
    }

    [Theory]
    [InlineData("Stripe_Sync_Record__c")]
    [InlineData("Order_Stripe_Coupon__c")]
    public void The_engine_can_create_and_delete_its_records(string objectName)
    {
        var permission = ObjectPermission(objectName)!;
        Assert.Equal("true", permission.Child("allowCreate"));
        Assert.Equal("true", permission.Child("allowDelete"));
        Assert.Equal("true", permission.Child("viewAllRecords"));
    }

    [Theory]
    [MemberData(nameof(ReadFields))]
    public void The_engine_can_read_the_field(string objectName, string fieldName, FieldType type)
    {
        var field = KnownSchema.PackageField(objectName, fieldName);
        Assert.Equal(type, field.Type);
        if (field.Custom && field.Nillable)
        {
            Assert.Equal("true", FieldPermission(objectName, fieldName)?.Child("readable"));
        }

        Assert.All(ObjectsGoverning(objectName), o => Assert.Equal("true", ObjectPermission(o)?.Child("allowRead")));
    }

    [Theory]
    [InlineData("SBQQ__Quote__c")]
    [InlineData("SBQQ__QuoteLine__c")]
    [InlineData("SBQQ__Subscription__c")]
    [InlineData("SBQQ__OrderItemConsumptionSchedule__c")]
    [InlineData("SBQQ__OrderItemConsumptionRate__c")]
    [InlineData("Contract")]
    [InlineData("Opportunity")]
    [InlineData("Contact")]
    [InlineData("Pricebook2")]
    [InlineData("ConsumptionSchedule")]
    [InlineData("ConsumptionRate")]
    public void The_engine_reads_every_CPQ_object_it_syncs_from_without_changing_it(string objectName)
    {
        var permission = ObjectPermission(objectName)!;
        Assert.Equal("true", permission.Child("allowRead"));
        Assert.Equal("true", permission.Child("viewAllRecords"));
        Assert.Equal("false", permission.Child("allowCreate"));
        Assert.Equal("false", permission.Child("allowDelete"));
    }

    [Fact]
    public void The_integration_user_never_deletes_or_modifies_all_CPQ_data()
    {
        var ours = new[] { "Stripe_Sync_Record__c", "Order_Stripe_Coupon__c" };
        foreach (var permission in IntegrationUser.Descendants("objectPermissions").Where(p => !ours.Contains(p.Child("object"))))
        {
            Assert.Equal("false", permission.Child("allowDelete"));
            Assert.Equal("false", permission.Child("allowCreate"));
            Assert.Equal("false", permission.Child("modifyAllRecords"));
        }
    }

    // Order products follow the order's access; price book entries follow product and price book access.
    private static string[] ObjectsGoverning(string objectName) => objectName switch
    {
        "OrderItem" => ["Order"],
        "PricebookEntry" => ["Product2", "Pricebook2"],
        _ => [objectName],
    };

    private static System.Xml.Linq.XElement? ObjectPermission(string objectName) =>
        IntegrationUser.Descendants("objectPermissions").SingleOrDefault(p => p.Child("object") == objectName);

    private static System.Xml.Linq.XElement? FieldPermission(string objectName, string fieldName) =>
        IntegrationUser.Descendants("fieldPermissions").SingleOrDefault(p => p.Child("field") == $"{objectName}.{fieldName}");
}
