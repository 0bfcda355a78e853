
namespace CpqSync.Salesforce.Tests.SoqlBuilding;

public class SoqlQueryTests
{
    [Fact]
    public void Interpolated_values_become_literals_and_the_text_stays_as_written()
    {
        var name = "' OR Name != '";
        var since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string[] statuses = ["Draft", "Activated"];

        var query = Soql.Query(
            $"SELECT Id FROM Account WHERE Name = {name} AND LastModifiedDate >= {since} AND Status__c IN {statuses} LIMIT {10}");

        Assert.Equal(
            @"SELECT Id FROM Account WHERE Name = '\' OR Name != \'' AND LastModifiedDate >= 2026-01-01T00:00:00Z"
                + " AND Status__c IN ('Draft', 'Activated') LIMIT 10",
            query.Text);
    }

    [Fact]
    public void Names_go_in_through_validated_identifiers()
    {
        var fields = Soql.Fields("Id", "SBQQ__Quote__c", "PricebookEntry.Product2.Name");
        var type = Soql.Identifier("OrderItem");

        var query = Soql.Query($"SELECT {fields} FROM {type} WHERE CreatedDate = {SoqlDateLiteral.LastNDays(7)}");

        Assert.Equal("SELECT Id, SBQQ__Quote__c, PricebookEntry.Product2.Name FROM OrderItem WHERE CreatedDate = LAST_N_DAYS:7", query.Text);
    }

    [Theory]
    [InlineData("Name FROM User --")]
    [InlineData("Id,Name")]
    [InlineData("Name'")]
    [InlineData("1Name")]
    [InlineData("Account..Name")]
    [InlineData(".Name")]
    [InlineData("Name.")]
    [InlineData("Naïve")]
    [InlineData("")]
    public void Anything_but_a_name_is_refused_as_an_identifier(string hostile) =>
        Assert.Throws<ArgumentException>(() => Soql.Identifier(hostile));

    [Fact]
    public void Null_can_be_written_directly()
    {
        var query = Soql.Query($"SELECT Id FROM Account WHERE Stripe_ID__c != {null}");

        Assert.Equal("SELECT Id FROM Account WHERE Stripe_ID__c != null", query.Text);
    }

    [Fact]
    public void Fragments_compose_without_being_quoted()
    {
        var accountId = "001000000000001AAA";
        var filter = Soql.Query($"AccountId = {accountId}");

        var query = Soql.Query($"SELECT Id FROM Order WHERE {filter} AND Name LIKE {SoqlLikePattern.StartsWith("Q-_")}");

        Assert.Equal(@"SELECT Id FROM Order WHERE AccountId = '001000000000001AAA' AND Name LIKE 'Q-\_%'", query.Text);
    }
}
