using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>What every org holds from the start: its identity, the API user and the standard price book.</summary>
internal static class OrgBootstrap
{
    public static readonly OrgInfo Info = new(
        OrganizationId: SalesforceId.Create("00D", 1),
        ApiUser: new OrgUser(
            SalesforceId.Create("005", 1),
            "integration@cpqsync.sandbox",
            "CpqSync Integration",
            "integration@cpqsync.sandbox"),
        CorporateCurrency: OrgCurrencies.Corporate,
        ActiveCurrencies: OrgCurrencies.Active,
        StandardPricebookId: SalesforceId.Create("01s", 1));

    public static void Run(DmlEngine dml)
    {
        var user = dml.Insert("User", new JsonObject
        {
            ["Username"] = Info.ApiUser.Username,
            ["FirstName"] = "CpqSync",
            ["LastName"] = "Integration",
            ["Name"] = Info.ApiUser.Name,
            ["Alias"] = "cpqsync",
            ["Email"] = Info.ApiUser.Email,
            ["IsActive"] = true,
            ["TimeZoneSidKey"] = "GMT",
            ["LocaleSidKey"] = "en_US",
            ["LanguageLocaleKey"] = "en_US",
            ["EmailEncodingKey"] = "UTF-8",
            ["DefaultCurrencyIsoCode"] = Info.CorporateCurrency,
            ["UserType"] = "Standard",
        }, systemMode: true);
        var pricebook = dml.Insert("Pricebook2", new JsonObject
        {
            ["Name"] = "Standard Price Book",
            ["IsActive"] = true,
            ["IsStandard"] = true,
        }, systemMode: true);
        if (user != Info.ApiUser.Id || pricebook != Info.StandardPricebookId)
        {
            throw new InvalidOperationException("The org's first records must get the bootstrap ids.");
        }
    }
}
