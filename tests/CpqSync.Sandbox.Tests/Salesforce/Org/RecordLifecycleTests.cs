using CpqSync.Sandbox.Salesforce.Data;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class RecordLifecycleTests
{
    [Fact]
    public void Create_returns_an_18_character_id_with_the_object_key_prefix_and_a_valid_checksum()
    {
        var (org, _) = NewOrg();

        var id = Account(org);

        Assert.Equal(18, id.Length);
        Assert.StartsWith("001", id, StringComparison.Ordinal);
        Assert.True(SalesforceId.IsValid(id));
        Assert.Equal(id, SalesforceId.ToEighteen(id[..15]));
    }

    [Fact]
    public void Retrieve_returns_attributes_every_field_and_nulls()
    {
        var (org, _) = NewOrg();
        var id = Account(org, "Globex");

        var json = org.Retrieve("Account", id, null, "59.0");

        Assert.Equal("Account", (string?)json["attributes"]!["type"]);
        Assert.Equal($"/services/data/v59.0/sobjects/Account/{id}", (string?)json["attributes"]!["url"]);
        Assert.Equal("Globex", (string?)json["Name"]);
        Assert.True(json.ContainsKey("Phone"));
        Assert.Null(json["Phone"]);
        Assert.Null(json["BillingAddress"]);
        Assert.Equal("2026-03-01T09:30:00.000+0000", (string?)json["CreatedDate"]);
        Assert.Equal(org.Info.ApiUser.Id, (string?)json["OwnerId"]);
        Assert.Equal("USD", (string?)json["CurrencyIsoCode"]);
        Assert.False((bool)json["IsDeleted"]!);
    }

    [Fact]
    public void The_standard_price_book_and_the_api_user_exist_in_every_org()
    {
        var (org, _) = NewOrg();

        var pricebook = org.Retrieve("Pricebook2", org.Info.StandardPricebookId, ["Name", "IsStandard", "IsActive"], "59.0");
        var user = org.Retrieve("User", org.Info.ApiUser.Id, ["Username", "Email", "IsActive"], "59.0");

        Assert.True((bool)pricebook["IsStandard"]!);
        Assert.Equal("Standard Price Book", (string?)pricebook["Name"]);
        Assert.Equal(org.Info.ApiUser.Username, (string?)user["Username"]);
        Assert.StartsWith("00D", org.Info.OrganizationId, StringComparison.Ordinal);
    }
}
