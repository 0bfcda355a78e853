using System.Text.Json;
using CpqSync.Core.Records;

namespace CpqSync.Core.Tests;

public class RecordTests
{
    private const string Query = """
        [
          { "attributes": { "type": "Order", "url": "/services/data/v59.0/sobjects/Order/8016s000001FV4OAAW" },
            "Id": "8016s000001FV4OAAW", "AccountId": "0016s00000AbcdeAAA", "EffectiveDate": "2023-11-03",
            "ActivatedDate": "2023-11-03T16:56:41.000+0000", "TotalAmount": 0.00, "SBQQ__Contracted__c": false,
            "Opportunity": { "attributes": { "type": "Opportunity" }, "SBQQ__AmendedContract__c": null }, "Description": null },
          { "attributes": { "type": "Account" }, "Id": "0016s00000AbcdeAAA", "Name": "Acme", "OwnerId": "0056s00000OwnerAAA" },
          { "attributes": { "type": "User" }, "Id": "0056s00000OwnerAAA", "Name": "Ada" }
        ]
        """;

    private static readonly RecordSet Records = new(RecordJson.ReadAll(JsonDocument.Parse(Query).RootElement));

    [Fact]
    public void Records_are_read_in_the_rest_api_shape()
    {
        var order = Records.Find("8016s000001FV4OAAW")!;

        Assert.Equal("Order", order.Type);
        Assert.Equal(new DateOnly(2023, 11, 3), order.GetDate("EffectiveDate"));
        Assert.Equal(new DateOnly(2023, 11, 3), order.GetDate("ActivatedDate"));
        Assert.Equal(0m, order.GetDecimal("TotalAmount"));
        Assert.False(order.GetBool("SBQQ__Contracted__c"));
        Assert.Null(order.GetString("Description"));
        Assert.False(order.Has("Opportunity"));
    }

    [Fact]
    public void Field_names_are_case_insensitive_like_salesforce()
    {
        Assert.Equal("0016s00000AbcdeAAA", Records.Find("8016s000001FV4OAAW")!.GetString("accountid"));
    }

    [Fact]
    public void Paths_follow_to_one_lookups()
    {
        var order = Records.Find("8016s000001FV4OAAW")!;

        Assert.Equal("Acme", Records.ReadPath(order, "Account.Name"));
        Assert.Equal("Ada", Records.ReadPath(order, "Account.Owner.Name"));
        Assert.Null(Records.ReadPath(order, "Opportunity.Name"));
    }

    [Theory]
    [InlineData("Account", "AccountId")]
    [InlineData("AccountId", "AccountId")]
    [InlineData("SBQQ__Quote__c", "SBQQ__Quote__c")]
    [InlineData("SBQQ__Quote__r", "SBQQ__Quote__c")]
    public void Relationship_names_map_to_their_lookup_fields(string relationship, string field) =>
        Assert.Equal(field, RecordSet.LookupField(relationship));

    [Fact]
    public void A_record_appearing_twice_is_rejected()
    {
        var account = Records.Find("0016s00000AbcdeAAA")!;

        Assert.Throws<ArgumentException>(() => new RecordSet([account, account]));
    }
}
