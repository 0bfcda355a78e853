namespace CpqSync.Sandbox.Tests.Salesforce.Soql;

public class SoqlAggregateTests : SoqlTestOrg
{
    [Fact]
    public void Aggregates_without_group_by_return_one_aggregate_result_row()
    {
        var result = Query("SELECT COUNT(Id), SUM(Quantity) total, MAX(UnitPrice), MIN(OrderItemNumber), AVG(Quantity) FROM OrderItem");

        Assert.False(result.IsCount);
        Assert.Equal(1, result.TotalSize);
        Assert.Equal(
            """{"attributes":{"type":"AggregateResult"},"expr0":3,"total":8,"expr1":25.5,"expr2":"0000000001","expr3":2.666666666666667}""",
            Json(result.Records[0]));
    }

    [Fact]
    public void Count_over_no_records_is_zero()
    {
        Assert.Equal("""{"attributes":{"type":"AggregateResult"},"expr0":0}""",
            Json(Query("SELECT COUNT(Id) FROM Order WHERE Status = 'Cancelled'").Records.Single()));
    }

    [Fact]
    public void Group_by_returns_a_row_per_group_in_order()
    {
        var rows = Query("SELECT Status, COUNT(Id) n, SUM(TotalAmount) FROM Order GROUP BY Status ORDER BY Status DESC").Records;

        Assert.Equal(
            [
                """{"attributes":{"type":"AggregateResult"},"Status":"Draft","n":1,"expr0":50}""",
                """{"attributes":{"type":"AggregateResult"},"Status":"Activated","n":2,"expr0":45.5}""",
            ],
            rows.Select(Json));
    }

    [Fact]
    public void Group_by_parent_fields_and_count_distinct()
    {
        var rows = Query("SELECT PricebookEntry.Product2.Name, COUNT_DISTINCT(OrderId) orders FROM OrderItem "
            + "GROUP BY PricebookEntry.Product2.Name ORDER BY PricebookEntry.Product2.Name").Records;

        Assert.Equal(["Gadget_Pro:1", "Widget:2"], rows.Select(r => $"{r["Name"]}:{r["orders"]}"));
    }

    [Fact]
    public void Selected_fields_must_be_grouped()
    {
        var error = Error("SELECT Name, COUNT(Id) FROM Account");

        Assert.Equal("MALFORMED_QUERY", error.ErrorCode);
        Assert.EndsWith("ERROR at Row:1:Column:8\nField must be grouped or aggregated: Name", error.Errors[0].Message);
    }
}
