using CpqSync.Sandbox.Salesforce.Org;
using Microsoft.Extensions.Time.Testing;
using static CpqSync.Sandbox.Tests.Salesforce.Org.OrgFixture;

namespace CpqSync.Sandbox.Tests.Salesforce.Org;

public sealed class ValidationRuleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cpqsync-rules-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SalesforceOrg OrgWithRules()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "Account.json"), """
            {
              "name": "Account",
              "validationRules": [
                {
                  "name": "Website_Required_For_Customers",
                  "errorMessage": "Customers need a website.",
                  "errorDisplayField": "Website",
                  "when": [{"field": "Type", "equals": "Customer - Direct"}, {"field": "Website", "isBlank": true}]
                },
                {
                  "name": "Revenue_Cap",
                  "errorMessage": "Annual revenue looks wrong.",
                  "when": [{"field": "AnnualRevenue", "greaterThan": 1000000000}]
                }
              ]
            }
            """);
        return SalesforceOrg.Create(new SalesforceOrgOptions { SchemaDirectory = _directory }, new FakeTimeProvider(Start));
    }

    [Fact]
    public void A_rule_whose_conditions_all_hold_fails_the_insert_with_its_message_and_field()
    {
        var org = OrgWithRules();

        var error = Fails(() => org.Create("Account", Json("""{"Name":"A","Type":"Customer - Direct"}""")));

        Assert.Equal("FIELD_CUSTOM_VALIDATION_EXCEPTION", error.ErrorCode);
        Assert.Equal("Customers need a website.", error.Errors[0].Message);
        Assert.Equal(["Website"], error.Errors[0].Fields);
    }

    [Fact]
    public void Rules_apply_to_updates_and_pass_when_a_condition_does_not_hold()
    {
        var org = OrgWithRules();
        var id = org.Create("Account", Json("""{"Name":"A","Type":"Customer - Direct","Website":"https://a.example"}"""));

        var error = Fails(() => org.Update("Account", id, Json("""{"AnnualRevenue":2000000000}""")));
        org.Update("Account", id, Json("""{"AnnualRevenue":5000}"""));

        Assert.Equal("Annual revenue looks wrong.", error.Errors[0].Message);
        Assert.Empty(error.Errors[0].Fields);
    }
}
