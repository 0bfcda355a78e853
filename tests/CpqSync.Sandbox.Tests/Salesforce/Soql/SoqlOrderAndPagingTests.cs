namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlOrderAndPagingTests : SoqlTestOrg
{
    [Fact]
    public void Order_by_several_fields_ascending_and_descending()
    {
        Assert.Equal([Item3.Id, Item1.Id, Item2.Id], Ids("SELECT Id FROM OrderItem ORDER BY UnitPrice ASC, Quantity DESC"));
        Assert.Equal([Item2.Id, Item3.Id, Item1.Id], Ids("SELECT Id FROM OrderItem ORDER BY UnitPrice DESC, Quantity DESC"));
    }

    [Fact]
    public void Order_by_strings_ignores_case()
    {
        Org.Add("Account", ("Name", "beta"));
        Assert.Equal(["Acme", "beta", "Globex"], Query("SELECT Name FROM Account ORDER BY Name").Records.Select(r => r["Name"]!.GetValue<string>()));
    }

    [Fact]
    public void Order_by_parent_paths()
    {
        Assert.Equal([Item2.Id, Item1.Id, Item3.Id], Ids("SELECT Id FROM OrderItem ORDER BY PricebookEntry.Product2.Name, OrderItemNumber"));
    }

    [Fact]
    public void Nulls_come_first_ascending_and_last_descending_unless_told()
    {
        Assert.Equal([Order3.Id, Order1.Id, Order2.Id], Ids("SELECT Id FROM Order ORDER BY Account.Name"));
        Assert.Equal([Order2.Id, Order1.Id, Order3.Id], Ids("SELECT Id FROM Order ORDER BY Account.Name DESC"));
        Assert.Equal([Order1.Id, Order2.Id, Order3.Id], Ids("SELECT Id FROM Order ORDER BY Account.Name ASC NULLS LAST"));
        Assert.Equal([Order3.Id, Order2.Id, Order1.Id], Ids("SELECT Id FROM Order ORDER BY Account.Name DESC NULLS FIRST"));
    }

    [Fact]
    public void Limit_and_offset_apply_after_sorting()
    {
        Assert.Equal([Order3.Id, Order2.Id], Ids("SELECT Id FROM Order ORDER BY OrderNumber DESC LIMIT 2"));
        Assert.Equal([Order2.Id], Ids("SELECT Id FROM Order ORDER BY OrderNumber DESC LIMIT 1 OFFSET 1"));
        Assert.Equal([Order1.Id], Ids("SELECT Id FROM Order ORDER BY OrderNumber DESC OFFSET 2"));
        Assert.Empty(Ids("SELECT Id FROM Order LIMIT 0"));
        Assert.Equal(2, Query("SELECT Id FROM Order LIMIT 2").TotalSize);
    }

    [Fact]
    public void Count_honours_limit()
    {
        Assert.Equal(1, Query("SELECT COUNT() FROM Order LIMIT 1").TotalSize);
    }

    [Fact]
    public void Query_all_includes_deleted_records_which_read_as_deleted()
    {
        Item2.IsDeleted = true;

        Assert.Equal([Item1.Id, Item3.Id], Ids("SELECT Id FROM OrderItem"));
        Assert.Equal([Item1.Id, Item2.Id, Item3.Id], Ids("SELECT Id FROM OrderItem", includeDeleted: true));
        Assert.Equal([Item2.Id], Ids("SELECT Id FROM OrderItem WHERE IsDeleted = true", includeDeleted: true));
        Assert.Empty(Ids($"SELECT Id FROM OrderItem WHERE Id = '{Item2.Id}'"));

        var deleted = Query($"SELECT Id, IsDeleted FROM OrderItem WHERE Id = '{Item2.Id}'", includeDeleted: true).Records.Single();
        Assert.True(deleted["IsDeleted"]!.GetValue<bool>());

        var order = Query($"SELECT (SELECT Id FROM OrderItems) FROM Order WHERE Id = '{Order1.Id}'").Records.Single();
        Assert.Equal(1, order["OrderItems"]!["totalSize"]!.GetValue<int>());
    }
}
