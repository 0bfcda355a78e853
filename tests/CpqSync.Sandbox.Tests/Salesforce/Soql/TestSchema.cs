using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

/// <summary>A small slice of the real Salesforce schema: real API names, types, key prefixes and relationship names.</summary>
internal static class TestSchema
{
    public static OrgSchema Create() => new(
    [
        Object("User", "005", [Id(), Text("Name"), Text("Email"), Bool("IsActive")], []),
        Object("Account", "001",
        [
            Id(), Deleted(), Text("Name"), Picklist("Type"), Picklist("Industry"), Field("AnnualRevenue", FieldType.Currency),
            Field("NumberOfEmployees", FieldType.Int), Field("BillingStreet", FieldType.TextArea), Text("BillingCity"),
            Text("BillingState"), Text("BillingPostalCode"), Text("BillingCountry"), Field("BillingLatitude", FieldType.Double),
            Field("BillingLongitude", FieldType.Double), Picklist("BillingGeocodeAccuracy"), Field("BillingAddress", FieldType.Address),
            Lookup("OwnerId", "Owner", "User"), Lookup("ParentId", "Parent", "Account"), Field("CreatedDate", FieldType.DateTime),
            Field("LastModifiedDate", FieldType.DateTime), Picklist("SLA__c", custom: true), Text("Stripe_ID__c", custom: true),
            Field("Regions__c", FieldType.MultiPicklist, custom: true),
        ],
        [new("Contacts", "Contact", "AccountId"), new("Orders", "Order", "AccountId"), new("ChildAccounts", "Account", "ParentId")]),
        Object("Contact", "003",
        [
            Id(), Deleted(), Text("FirstName"), Text("LastName"), Text("Name"), Field("Email", FieldType.Email),
            Lookup("AccountId", "Account", "Account"), Field("Birthdate", FieldType.Date),
        ],
        []),
        Object("Product2", "01t",
        [
            Id(), Deleted(), Text("Name"), Text("ProductCode"), Bool("IsActive"), Picklist("Family"),
            Field("CreatedDate", FieldType.DateTime), Text("Stripe_ID__c", custom: true),
        ],
        [new("PricebookEntries", "PricebookEntry", "Product2Id")]),
        Object("Pricebook2", "01s", [Id(), Deleted(), Text("Name"), Bool("IsActive"), Bool("IsStandard")],
            [new("PricebookEntries", "PricebookEntry", "Pricebook2Id")]),
        Object("PricebookEntry", "01u",
        [
            Id(), Deleted(), Text("Name"), Lookup("Product2Id", "Product2", "Product2"), Lookup("Pricebook2Id", "Pricebook2", "Pricebook2"),
            Field("UnitPrice", FieldType.Currency), Bool("IsActive"),
        ],
        []),
        Object("Order", "801",
        [
            Id(), Deleted(), Lookup("AccountId", "Account", "Account"), Text("OrderNumber"), Picklist("Status"), Field("EffectiveDate", FieldType.Date),
            Field("EndDate", FieldType.Date), Field("TotalAmount", FieldType.Currency), Lookup("Pricebook2Id", "Pricebook2", "Pricebook2"),
            Field("Description", FieldType.TextArea) with { Length = 255 },
            Field("Notes__c", FieldType.TextArea, custom: true) with { Length = 32000 }, Field("ActivatedDate", FieldType.DateTime), Field("CreatedDate", FieldType.DateTime),
            Field("LastModifiedDate", FieldType.DateTime), Text("Stripe_ID__c", custom: true),
        ],
        [new("OrderItems", "OrderItem", "OrderId")]),
        Object("OrderItem", "802",
        [
            Id(), Deleted(), Lookup("OrderId", "Order", "Order"), Lookup("PricebookEntryId", "PricebookEntry", "PricebookEntry"),
            Lookup("Product2Id", "Product2", "Product2"), Field("Quantity", FieldType.Double), Field("UnitPrice", FieldType.Currency),
            Field("ServiceDate", FieldType.Date), Text("OrderItemNumber"),
        ],
        []),
    ]);

    private static SObjectSchema Object(
        string name, string keyPrefix, IEnumerable<FieldSchema> fields, IEnumerable<ChildRelationshipSchema> children) =>
        new(name, name, name + "s", keyPrefix, custom: false, fields, children);

    private static FieldSchema Field(string name, FieldType type, bool custom = false) =>
        new() { Name = name, Label = name, Type = type, Custom = custom };

    private static FieldSchema Id() => Field("Id", FieldType.Id);

    private static FieldSchema Deleted() => Field("IsDeleted", FieldType.Boolean);

    private static FieldSchema Text(string name, bool custom = false) => Field(name, FieldType.String, custom);

    private static FieldSchema Picklist(string name, bool custom = false) => Field(name, FieldType.Picklist, custom);

    private static FieldSchema Bool(string name) => Field(name, FieldType.Boolean);

    private static FieldSchema Lookup(string name, string relationship, string target) =>
        Field(name, FieldType.Reference) with { RelationshipName = relationship, ReferenceTo = [target] };
}
