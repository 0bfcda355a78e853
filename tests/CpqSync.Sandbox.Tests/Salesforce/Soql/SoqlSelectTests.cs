namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlSelectTests : SoqlTestOrg
{
    [Fact]
    public void Rows_start_with_attributes_then_fields_in_select_order_with_canonical_names()
    {
        var result = Query($"select ordernumber, ID, status from ORDER where id = '{Order1.Id}'");

        Assert.Equal(1, result.TotalSize);
        Assert.False(result.IsCount);
        Assert.Equal(
            $$"""{"attributes":{"type":"Order","url":"/services/data/v59.0/sobjects/Order/{{Order1.Id}}"},"OrderNumber":"00000101","Id":"{{Order1.Id}}","Status":"Activated"}""",
            Json(result.Records[0]));
    }

    [Fact]
    public void Values_are_written_as_salesforce_writes_them()
    {
        var row = Query($"SELECT EffectiveDate, TotalAmount, ActivatedDate, EndDate FROM Order WHERE Id = '{Order1.Id}'").Records[0];

        Assert.Equal("2026-01-31", row["EffectiveDate"]!.GetValue<string>());
        Assert.Equal(45.5m, row["TotalAmount"]!.GetValue<decimal>());
        Assert.Equal("2026-11-24T23:59:59.000+0000", row["ActivatedDate"]!.GetValue<string>());
        Assert.True(row.ContainsKey("EndDate"));
        Assert.Null(row["EndDate"]);
    }

    [Fact]
    public void Parent_paths_nest_under_the_relationship_and_merge_through_the_same_parent()
    {
        var row = Query($"SELECT Id, Account.Name, Status, Account.Owner.Name, Account.Industry FROM Order WHERE Id = '{Order1.Id}'")
            .Records[0];

        Assert.Equal(["attributes", "Id", "Account", "Status"], row.Select(p => p.Key));
        Assert.Equal(
            $$"""{"attributes":{"type":"Account","url":"/services/data/v59.0/sobjects/Account/{{Acme.Id}}"},"Name":"Acme","Owner":{"attributes":{"type":"User","url":"/services/data/v59.0/sobjects/User/{{Owner.Id}}"},"Name":"Ada Admin"},"Industry":"Technology"}""",
            Json(row["Account"]));
    }

    [Fact]
    public void An_empty_lookup_reads_as_null()
    {
        var row = Query($"SELECT Account.Name, Account.Owner.Name FROM Order WHERE Id = '{Order3.Id}'").Records[0];

        Assert.True(row.ContainsKey("Account"));
        Assert.Null(row["Account"]);

        var globex = Query($"SELECT Account.Owner.Name FROM Order WHERE Id = '{Order2.Id}'").Records[0];
        Assert.Equal("null", Json(globex["Account"]!["Owner"]));
    }

    [Fact]
    public void Paths_reach_five_levels_and_may_start_with_the_queried_object()
    {
        var row = Query(
            $"SELECT OrderItem.Quantity, Order.Account.Parent.Owner.Name, PricebookEntry.Product2.Name FROM OrderItem WHERE Id = '{Item3.Id}'")
            .Records[0];

        Assert.Equal(5m, row["Quantity"]!.GetValue<decimal>());
        Assert.Equal("Ada Admin", row["Order"]!["Account"]!["Parent"]!["Owner"]!["Name"]!.GetValue<string>());
        Assert.Equal("Widget", row["PricebookEntry"]!["Product2"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void Child_subqueries_are_nested_query_results_filtered_sorted_and_limited()
    {
        var rows = Query(
            "SELECT OrderNumber, (SELECT Id, Quantity, PricebookEntry.Product2.Name FROM orderitems WHERE Quantity < 5 ORDER BY Quantity LIMIT 5) "
            + "FROM Order ORDER BY OrderNumber").Records;

        var children = rows[0]["OrderItems"]!;
        Assert.Equal(2, children["totalSize"]!.GetValue<int>());
        Assert.True(children["done"]!.GetValue<bool>());
        Assert.Equal([Item2.Id, Item1.Id], children["records"]!.AsArray().Select(r => r!["Id"]!.GetValue<string>()));
        Assert.Equal("OrderItem", children["records"]![0]!["attributes"]!["type"]!.GetValue<string>());
        Assert.Equal("Gadget_Pro", children["records"]![0]!["PricebookEntry"]!["Product2"]!["Name"]!.GetValue<string>());
        // Order2's only item has quantity 5 and Order3 has none: no children reads as null.
        Assert.Null(rows[1]["OrderItems"]);
        Assert.Null(rows[2]["OrderItems"]);
    }

    [Fact]
    public void Child_subquery_limit_applies_per_parent()
    {
        var row = Query($"SELECT Id, (SELECT Id FROM OrderItems ORDER BY OrderItemNumber DESC LIMIT 1) FROM Order WHERE Id = '{Order1.Id}'")
            .Records[0];

        Assert.Equal(1, row["OrderItems"]!["totalSize"]!.GetValue<int>());
        Assert.Equal(Item2.Id, row["OrderItems"]!["records"]![0]!["Id"]!.GetValue<string>());
    }

    [Fact]
    public void Fields_all_standard_and_custom_expand_to_the_schema_fields()
    {
        var all = Query($"SELECT FIELDS(ALL) FROM Product2 WHERE Id = '{Widget.Id}' LIMIT 200").Records[0];
        Assert.Equal(["attributes", "Id", "IsDeleted", "Name", "ProductCode", "IsActive", "Family", "CreatedDate", "Stripe_ID__c"],
            all.Select(p => p.Key));
        Assert.False(all["IsDeleted"]!.GetValue<bool>());

        var standard = Query($"SELECT FIELDS(STANDARD) FROM Product2 WHERE Id = '{Widget.Id}'").Records[0];
        Assert.DoesNotContain("Stripe_ID__c", standard.Select(p => p.Key));

        var custom = Query($"SELECT Id, FIELDS(CUSTOM) FROM Product2 WHERE Id = '{Widget.Id}' LIMIT 1").Records[0];
        Assert.Equal(["attributes", "Id", "Stripe_ID__c"], custom.Select(p => p.Key));
    }

    [Fact]
    public void Address_compound_fields_are_derived_from_their_components()
    {
        var rows = Query("SELECT Name, BillingAddress FROM Account ORDER BY Name").Records;

        Assert.Equal(
            """{"city":"Springfield","country":"US","geocodeAccuracy":null,"latitude":12.5,"longitude":null,"postalCode":"12345","state":null,"street":"1 Main St"}""",
            Json(rows[0]["BillingAddress"]));
        Assert.True(rows[1].ContainsKey("BillingAddress"));
        Assert.Null(rows[1]["BillingAddress"]);
    }

    [Fact]
    public void Attributes_url_follows_the_api_version_of_the_request()
    {
        var result = Engine.Execute($"SELECT Id FROM Account WHERE Id = '{Acme.Id}'", Org,
            new Sandbox.Salesforce.Soql.SoqlExecutionContext(Now, "52.0", IncludeDeleted: false));

        Assert.Equal($"/services/data/v52.0/sobjects/Account/{Acme.Id}", result.Records[0]["attributes"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Count_returns_the_number_of_matching_rows_and_no_records()
    {
        var result = Query("SELECT COUNT() FROM Order WHERE Status = 'Activated'");

        Assert.True(result.IsCount);
        Assert.Equal(2, result.TotalSize);
        Assert.Empty(result.Records);
        Assert.Equal(3, Query("select count() from OrderItem").TotalSize);
    }
}
