using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Soql;

namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

/// <summary>
/// A small seeded org: two accounts, products with price book entries, three orders with items.
/// The clock reads Wednesday 2026-11-25 12:00 UTC.
/// </summary>
public abstract class SoqlTestOrg
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private protected SoqlTestOrg()
    {
        var schema = TestSchema.Create();
        Engine = new SoqlEngine(schema);
        Org = new InMemoryRecords(schema);

        Owner = Org.Add("User", ("Name", "Ada Admin"), ("IsActive", true));
        Acme = Org.Add("Account", ("Name", "Acme"), ("Industry", "Technology"), ("OwnerId", Owner.Id), ("AnnualRevenue", 1_000_000m),
            ("NumberOfEmployees", 50m), ("BillingStreet", "1 Main St"), ("BillingCity", "Springfield"), ("BillingPostalCode", "12345"),
            ("BillingCountry", "US"), ("BillingLatitude", 12.5m), ("CreatedDate", Instant("2026-01-10T08:00:00Z")), ("SLA__c", "Gold"),
            ("Regions__c", "EMEA;APAC"));
        Globex = Org.Add("Account", ("Name", "Globex"), ("Regions__c", "AMER"), ("ParentId", Acme.Id), ("CreatedDate", Instant("2026-11-25T09:30:00Z")));
        Widget = Org.Add("Product2", ("Name", "Widget"), ("ProductCode", "W-1"), ("IsActive", true), ("Family", "Hardware"));
        Gadget = Org.Add("Product2", ("Name", "Gadget_Pro"), ("ProductCode", "G-100%"), ("IsActive", false));
        Pricebook = Org.Add("Pricebook2", ("Name", "Standard Price Book"), ("IsActive", true), ("IsStandard", true));
        WidgetEntry = Org.Add("PricebookEntry", ("Product2Id", Widget.Id), ("Pricebook2Id", Pricebook.Id), ("UnitPrice", 10m));
        GadgetEntry = Org.Add("PricebookEntry", ("Product2Id", Gadget.Id), ("Pricebook2Id", Pricebook.Id), ("UnitPrice", 25.5m));
        Order1 = Org.Add("Order", ("AccountId", Acme.Id), ("OrderNumber", "00000101"), ("Status", "Activated"),
            ("EffectiveDate", new DateOnly(2026, 1, 31)), ("TotalAmount", 45.5m), ("Pricebook2Id", Pricebook.Id),
            ("ActivatedDate", Instant("2026-11-24T23:59:59Z")), ("Description", "It's \"quoted\"\nand\\slashed"));
        Order2 = Org.Add("Order", ("AccountId", Globex.Id), ("OrderNumber", "00000102"), ("Status", "Draft"),
            ("EffectiveDate", new DateOnly(2026, 11, 25)), ("TotalAmount", 50m));
        Order3 = Org.Add("Order", ("OrderNumber", "00000103"), ("Status", "Activated"), ("EffectiveDate", new DateOnly(2026, 11, 2)));
        Item1 = Org.Add("OrderItem", ("OrderId", Order1.Id), ("PricebookEntryId", WidgetEntry.Id), ("Product2Id", Widget.Id),
            ("Quantity", 2m), ("UnitPrice", 10m), ("OrderItemNumber", "0000000001"));
        Item2 = Org.Add("OrderItem", ("OrderId", Order1.Id), ("PricebookEntryId", GadgetEntry.Id), ("Product2Id", Gadget.Id),
            ("Quantity", 1m), ("UnitPrice", 25.5m), ("OrderItemNumber", "0000000002"));
        Item3 = Org.Add("OrderItem", ("OrderId", Order2.Id), ("PricebookEntryId", WidgetEntry.Id), ("Product2Id", Widget.Id),
            ("Quantity", 5m), ("UnitPrice", 10m), ("OrderItemNumber", "0000000003"));
    }

    private protected SoqlEngine Engine { get; }

    private protected InMemoryRecords Org { get; }

    private protected SObjectRecord Owner { get; }

    private protected SObjectRecord Acme { get; }

    private protected SObjectRecord Globex { get; }

    private protected SObjectRecord Widget { get; }

    private protected SObjectRecord Gadget { get; }

    private protected SObjectRecord Pricebook { get; }

    private protected SObjectRecord WidgetEntry { get; }

    private protected SObjectRecord GadgetEntry { get; }

    private protected SObjectRecord Order1 { get; }

    private protected SObjectRecord Order2 { get; }

    private protected SObjectRecord Order3 { get; }

    private protected SObjectRecord Item1 { get; }

    private protected SObjectRecord Item2 { get; }

    private protected SObjectRecord Item3 { get; }

    protected static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private protected SoqlResult Query(string soql, bool includeDeleted = false, DateTimeOffset? now = null) =>
        Engine.Execute(soql, Org, new SoqlExecutionContext(now ?? Now, "59.0", includeDeleted));

    /// <summary>The ids a query returns, in order.</summary>
    private protected List<string> Ids(string soql, bool includeDeleted = false, DateTimeOffset? now = null) =>
        Query(soql, includeDeleted, now).Records.Select(r => r["attributes"]!["url"]!.GetValue<string>().Split('/')[^1]).ToList();

    private protected SalesforceErrorException Error(string soql) =>
        Assert.Throws<SalesforceErrorException>(() => Query(soql));

    protected static string Json(JsonNode? node) => node?.ToJsonString() ?? "null";
}
