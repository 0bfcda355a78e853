using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public class FieldCheckTests
{
    [Fact]
    public void A_missing_required_field_is_reported_with_its_name()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Account", Json("""{"Phone":"555"}""")));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("REQUIRED_FIELD_MISSING", error.ErrorCode);
        Assert.Equal("Required fields are missing: [Name]", error.Errors[0].Message);
        Assert.Equal(["Name"], error.Errors[0].Fields);
    }

    [Fact]
    public void Several_missing_required_fields_are_listed_together()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Order", Json("""{"Status":"Draft"}""")));

        Assert.Equal("REQUIRED_FIELD_MISSING", error.ErrorCode);
        Assert.Equal(["AccountId", "EffectiveDate"], error.Errors[0].Fields);
    }

    [Fact]
    public void An_unknown_field_is_rejected()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Account", Json("""{"Name":"A","Foo":1}""")));

        Assert.Equal("INVALID_FIELD", error.ErrorCode);
        Assert.Equal("No such column 'Foo' on sobject of type Account", error.Errors[0].Message);
    }

    [Fact]
    public void Read_only_fields_cannot_be_written()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var order = DraftOrder(org, account);

        var create = Fails(() => org.Create("Account", Json("""{"Name":"A","CreatedDate":"2020-01-01T00:00:00.000+0000"}""")));
        var update = Fails(() => org.Update("Order", order, Json("""{"OrderNumber":"1"}""")));

        Assert.Equal("INVALID_FIELD_FOR_INSERT_UPDATE", create.ErrorCode);
        Assert.Equal(["CreatedDate"], create.Errors[0].Fields);
        Assert.StartsWith("Unable to create/update fields: OrderNumber.", update.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_longer_than_the_field_allows_is_rejected()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Account", Json($$"""{"Name":"{{new string('x', 256)}}"}""")));

        Assert.Equal("STRING_TOO_LONG", error.ErrorCode);
        Assert.Equal(["Name"], error.Errors[0].Fields);
        Assert.Equal($"Account Name: data value too large: {new string('x', 256)} (max length=255)", error.Errors[0].Message);
    }

    [Fact]
    public void A_restricted_picklist_rejects_unknown_values()
    {
        var (org, _) = NewOrg();
        var account = Account(org);

        var status = Fails(() => org.Create("Order", Json($$"""{"AccountId":"{{account}}","EffectiveDate":"2026-01-01","Status":"Shipped"}""")));
        var currency = Fails(() => org.Create("Account", Json("""{"Name":"A","CurrencyIsoCode":"XXX"}""")));

        Assert.Equal("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", status.ErrorCode);
        Assert.Equal("Status: bad value for restricted picklist field: Shipped", status.Errors[0].Message);
        Assert.Equal(["CurrencyIsoCode"], currency.Errors[0].Fields);
    }

    [Fact]
    public void An_unrestricted_picklist_takes_any_value()
    {
        var (org, _) = NewOrg();

        var id = org.Create("Account", Json("""{"Name":"A","Industry":"Space Mining"}"""));

        Assert.Equal("Space Mining", (string?)org.Retrieve("Account", id, ["Industry"], "59.0")["Industry"]);
    }

    [Fact]
    public void Values_of_the_wrong_type_are_parser_errors()
    {
        var (org, _) = NewOrg();
        var account = Account(org);

        var number = Fails(() => org.Create("Account", Json("""{"Name":"A","NumberOfEmployees":"many"}""")));
        var boolean = Fails(() => org.Create("Product2", Json("""{"Name":"P","IsActive":"sometimes"}""")));
        var date = Fails(() => org.Create("Order", Json($$"""{"AccountId":"{{account}}","EffectiveDate":"soon","Status":"Draft"}""")));
        var obj = Fails(() => org.Create("Account", Json("""{"Name":{"first":"A"}}""")));

        Assert.All([number, boolean, date, obj], e => Assert.Equal("JSON_PARSER_ERROR", e.ErrorCode));
        Assert.StartsWith("Cannot deserialize instance of int from VALUE_STRING value many", number.Errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("Cannot deserialize instance of date from VALUE_STRING value soon", date.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_values_are_stored_typed_and_read_back_in_salesforce_format()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var order = DraftOrder(org, account);

        org.Update("Order", order, Json("""{"Description":"x","EndDate":"2027-02-28","SBQQ__Contracted__c":"true"}"""));
        var json = org.Retrieve("Order", order, ["EffectiveDate", "EndDate", "SBQQ__Contracted__c", "TotalAmount"], "59.0");

        Assert.Equal("2026-03-01", (string?)json["EffectiveDate"]);
        Assert.Equal("2027-02-28", (string?)json["EndDate"]);
        Assert.True((bool)json["SBQQ__Contracted__c"]!);
        Assert.Equal(0m, (decimal)json["TotalAmount"]!);
    }

    [Fact]
    public void A_malformed_reference_is_a_malformed_id()
    {
        var (org, _) = NewOrg();

        var error = Fails(() => org.Create("Contact", Json("""{"LastName":"L","AccountId":"not-an-id"}""")));

        Assert.Equal("MALFORMED_ID", error.ErrorCode);
        Assert.Equal(["AccountId"], error.Errors[0].Fields);
        Assert.Equal("Account ID: id value of incorrect type: not-an-id", error.Errors[0].Message);
    }

    [Fact]
    public void A_reference_to_a_missing_record_or_to_the_wrong_object_is_an_invalid_cross_reference()
    {
        var (org, _) = NewOrg();
        var (product, _) = Product(org);
        var missing = CpqSync.Sandbox.Salesforce.Data.SalesforceId.Create("001", 999);

        var absent = Fails(() => org.Create("Contact", Json($$"""{"LastName":"L","AccountId":"{{missing}}"}""")));
        var wrongType = Fails(() => org.Create("Contact", Json($$"""{"LastName":"L","AccountId":"{{product}}"}""")));

        Assert.Equal("INVALID_CROSS_REFERENCE_KEY", absent.ErrorCode);
        Assert.Equal(["AccountId"], absent.Errors[0].Fields);
        Assert.Equal("INVALID_CROSS_REFERENCE_KEY", wrongType.ErrorCode);
    }

    [Fact]
    public void Fifteen_character_ids_are_accepted_everywhere()
    {
        var (org, _) = NewOrg();
        var account = Account(org);
        var short15 = account[..15];

        var contact = org.Create("Contact", Json($$"""{"LastName":"L","AccountId":"{{short15}}"}"""));
        org.Update("Account", short15, Json("""{"Phone":"1"}"""));

        Assert.Equal(account, (string?)org.Retrieve("Contact", contact[..15], ["AccountId"], "59.0")["AccountId"]);
        Assert.Equal("1", (string?)org.Retrieve("Account", short15, null, "59.0")["Phone"]);
    }

    [Fact]
    public void Clearing_a_required_field_is_refused()
    {
        var (org, _) = NewOrg();
        var account = Account(org);

        var error = Fails(() => org.Update("Account", account, Json("""{"Name":null}""")));

        Assert.Equal("REQUIRED_FIELD_MISSING", error.ErrorCode);
    }
}
