namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlClauseTests : SoqlTestOrg
{
    [Fact]
    public void Includes_and_excludes_match_multi_select_picklists()
    {
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Regions__c INCLUDES ('apac')"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Regions__c INCLUDES ('APAC;EMEA')"));
        Assert.Equal([Acme.Id, Globex.Id], Ids("SELECT Id FROM Account WHERE Regions__c INCLUDES ('EMEA;AMER', 'AMER', 'EMEA')"));
        Assert.Empty(Ids("SELECT Id FROM Account WHERE Regions__c INCLUDES ('EMEA;AMER')"));
        Assert.Equal([Globex.Id], Ids("SELECT Id FROM Account WHERE Regions__c EXCLUDES ('EMEA')"));
    }

    [Fact]
    public void Includes_needs_a_multi_select_picklist()
    {
        var error = Error("SELECT Id FROM Account WHERE Name INCLUDES ('Acme')");

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.Contains("ERROR at Row:1:Column:30", error.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Security_and_locking_clauses_are_accepted()
    {
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Name = 'Acme' WITH SECURITY_ENFORCED ORDER BY Name LIMIT 5"));
        Assert.Equal([Acme.Id, Globex.Id], Ids("SELECT Id FROM Account WITH USER_MODE"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account WHERE Name = 'Acme' LIMIT 1 FOR VIEW"));
        Assert.Equal([Acme.Id], Ids("SELECT Id FROM Account USING SCOPE Everything WHERE Name = 'Acme'"));
    }

    [Fact]
    public void Semi_joins_cannot_sit_under_or()
    {
        var error = Error("SELECT Id FROM Order WHERE Status = 'Draft' OR (Id IN (SELECT OrderId FROM OrderItem) AND TotalAmount > 1)");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:49\nSemi join sub-selects are not allowed with the 'OR' operator", error.Errors[0].Message);
    }

    [Fact]
    public void Semi_join_inner_query_selects_one_id_field()
    {
        Assert.Equal("MALFORMED_QUERY", Error("SELECT Id FROM Order WHERE Id IN (SELECT Quantity FROM OrderItem)").ErrorCode);
        Assert.Equal("MALFORMED_QUERY", Error("SELECT Id FROM Order WHERE Id IN (SELECT OrderId, Id FROM OrderItem)").ErrorCode);
        Assert.Equal("INVALID_FIELD", Error("SELECT Id FROM Order WHERE Status IN (SELECT OrderId FROM OrderItem)").ErrorCode);
    }

    [Fact]
    public void Semi_joins_do_not_nest()
    {
        var error = Error("SELECT Id FROM Product2 WHERE Id IN (SELECT Product2Id FROM OrderItem WHERE OrderId IN (SELECT Id FROM Order WHERE Status = 'Activated'))");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:77\nNesting of semi join sub-selects is not supported", error.Errors[0].Message);
    }

    [Fact]
    public void A_semi_join_reads_another_object_without_order_or_limit()
    {
        var self = Error("SELECT Id FROM Account WHERE ParentId IN (SELECT Id FROM Account WHERE Name = 'Acme')");
        Assert.Equal("MALFORMED_QUERY", self.ErrorCode);
        Assert.EndsWith("The inner and outer selects should not be on the same object type", self.Errors[0].Message);
        Assert.Equal("MALFORMED_QUERY", Error("SELECT Id FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem ORDER BY Quantity)").ErrorCode);
        Assert.Equal("MALFORMED_QUERY", Error("SELECT Id FROM Order WHERE Id IN (SELECT OrderId FROM OrderItem LIMIT 10)").ErrorCode);
    }

    [Fact]
    public void A_page_of_orders_is_found_again_through_relationship_paths_and_one_level_semi_joins()
    {
        // The keyset range of a backfill page (ActivatedDate, then Id) through a line's order, and a semi-join on it.
        var range = $"(Order.ActivatedDate < 2026-11-25T00:00:00Z OR (Order.ActivatedDate = 2026-11-25T00:00:00Z AND Order.Id <= '{Order1.Id}'))";

        Assert.Equal([Item1.Id, Item2.Id], Ids($"SELECT Id FROM OrderItem WHERE {range} ORDER BY Id"));
        Assert.Equal([Gadget.Id, Widget.Id], Ids($"SELECT Id FROM Product2 WHERE Id IN (SELECT Product2Id FROM OrderItem WHERE {range}) ORDER BY Name"));
        Assert.Equal([Item1.Id, Item2.Id], Ids($"SELECT Id FROM OrderItem WHERE Order.ActivatedDate = 2026-11-24T23:59:59Z AND Order.Id <= '{Order1.Id}' ORDER BY Id"));
        Assert.Empty(Ids($"SELECT Id FROM OrderItem WHERE Order.Id > '{Order1.Id}' AND Order.ActivatedDate != null"));
    }

    [Fact]
    public void Child_subqueries_nest_through_several_levels()
    {
        var row = Query($"SELECT Name, (SELECT OrderNumber, (SELECT Quantity FROM OrderItems ORDER BY Quantity) FROM Orders) FROM Account WHERE Id = '{Acme.Id}'")
            .Records.Single();

        var order = row["Orders"]!["records"]![0]!;
        Assert.Equal("00000101", order["OrderNumber"]!.GetValue<string>());
        Assert.Equal([1m, 2m], order["OrderItems"]!["records"]!.AsArray().Select(i => i!["Quantity"]!.GetValue<decimal>()));
    }

    [Fact]
    public void Before_api_58_child_subqueries_nest_one_level_only()
    {
        const string Soql = "SELECT Name, (SELECT OrderNumber, (SELECT Quantity FROM OrderItems) FROM Orders) FROM Account";
        var error = Assert.Throws<Sandbox.Salesforce.SalesforceErrorException>(() =>
            Engine.Execute(Soql, Org, new Sandbox.Salesforce.Soql.SoqlExecutionContext(Now, "57.0", IncludeDeleted: false)));

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.Equal("SOQL statements cannot query aggregate relationships more than 1 level away from the root entity object.",
            error.Errors[0].Message);
        Assert.Equal(2, Query(Soql).TotalSize);
    }

    [Fact]
    public void A_field_selected_twice_is_a_duplicate()
    {
        var error = Error("SELECT Id, FIELDS(ALL) FROM Account LIMIT 200");
        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.Equal("duplicate field selected: Id", error.Errors[0].Message);

        Assert.Equal("duplicate field selected: Account.Name", Error("SELECT Account.Name, account.NAME FROM Order").Errors[0].Message);
    }

    [Fact]
    public void Child_subqueries_may_name_the_relationship_through_the_parent()
    {
        var row = Query($"SELECT Name, (SELECT LastName FROM Account.Contacts), (SELECT OrderNumber FROM Account.Orders) FROM Account WHERE Id = '{Acme.Id}'")
            .Records.Single();

        Assert.Null(row["Contacts"]);
        Assert.Equal("00000101", row["Orders"]!["records"]![0]!["OrderNumber"]!.GetValue<string>());
        Assert.Equal("INVALID_TYPE", Error("SELECT Id, (SELECT Id FROM Order.Contacts) FROM Account").ErrorCode);
    }
}
