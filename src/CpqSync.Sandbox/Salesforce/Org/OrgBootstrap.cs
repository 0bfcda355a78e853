using System.Text.Json.Nodes;
using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// What every org holds from the start: its identity (the <c>Organization</c> record), its currencies (the
/// <c>CurrencyType</c> records when multi-currency is on), the API user and the standard price book.
/// </summary>
internal static class OrgBootstrap
{
    private static readonly OrgInfo MultiCurrencyInfo = new(
        OrganizationId: SalesforceId.Create("00D", 1),
        ApiUser: new OrgUser(
            SalesforceId.Create("005", 1),
            "integration@cpqsync.sandbox",
            "CpqSync Integration",
            "integration@cpqsync.sandbox"),
        CorporateCurrency: OrgCurrencies.Corporate,
        ActiveCurrencies: OrgCurrencies.Active,
        StandardPricebookId: SalesforceId.Create("01s", 1));

    /// <summary>A single-currency org has one currency, the corporate one, and no <c>CurrencyType</c>.</summary>
    public static OrgInfo Info(bool multiCurrency) =>
        multiCurrency ? MultiCurrencyInfo : MultiCurrencyInfo with { MultiCurrency = false, ActiveCurrencies = [OrgCurrencies.Corporate] };

    public static void Run(DmlEngine dml)
    {
        var info = dml.Info();
        var organization = dml.Insert("Organization", new JsonObject
        {
            ["Name"] = info.OrganizationName,
            ["IsSandbox"] = info.IsSandbox,
            ["OrganizationType"] = info.OrganizationType,
            ["InstanceName"] = "CS1",
            ["Country"] = "US",
            ["DefaultLocaleSidKey"] = "en_US",
            ["LanguageLocaleKey"] = "en_US",
            ["TimeZoneSidKey"] = info.TimeZone,
            ["DefaultCurrencyIsoCode"] = info.CorporateCurrency,
            ["FiscalYearStartMonth"] = 1,
        }, systemMode: true);
        var user = dml.Insert("User", new JsonObject
        {
            ["Username"] = info.ApiUser.Username,
            ["FirstName"] = "CpqSync",
            ["LastName"] = "Integration",
            ["Name"] = info.ApiUser.Name,
            ["Alias"] = "cpqsync",
            ["Email"] = info.ApiUser.Email,
            ["IsActive"] = true,
            ["TimeZoneSidKey"] = info.TimeZone,
            ["LocaleSidKey"] = "en_US",
            ["LanguageLocaleKey"] = "en_US",
            ["EmailEncodingKey"] = "UTF-8",
            ["DefaultCurrencyIsoCode"] = info.CorporateCurrency,
            ["UserType"] = "Standard",
        }, systemMode: true);
        var pricebook = dml.Insert("Pricebook2", new JsonObject
        {
            ["Name"] = "Standard Price Book",
            ["IsActive"] = true,
            ["IsStandard"] = true,
        }, systemMode: true);
        if (organization != info.OrganizationId || user != info.ApiUser.Id || pricebook != info.StandardPricebookId)
        {
            throw new InvalidOperationException("The org's first records must get the bootstrap ids.");
        }

        if (info.MultiCurrency)
        {
            foreach (var currency in info.ActiveCurrencies)
            {
                dml.Insert("CurrencyType", new JsonObject
                {
                    ["IsoCode"] = currency,
                    ["ConversionRate"] = OrgCurrencies.ConversionRate(currency),
                    ["DecimalPlaces"] = OrgCurrencies.DecimalPlaces(currency),
                    ["IsActive"] = true,
                    ["IsCorporate"] = currency == info.CorporateCurrency,
                }, systemMode: true);
            }
        }
    }
}
