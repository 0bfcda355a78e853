using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Price book entries: a custom price needs an active standard price in the same currency first, and there is one
/// entry per product, price book and currency.
/// </summary>
internal sealed class PricebookRules(DmlEngine dml, RecordStore store)
{
    private readonly DmlEngine _dml = dml;
    private readonly RecordStore _store = store;

    public void BeforeSave(SObjectRecord entry, bool isNew)
    {
        var pricebook = _store.Find((string)entry["Pricebook2Id"]!)!;
        var product = _store.Find((string)entry["Product2Id"]!)!;
        entry["Name"] = product["Name"];
        entry["ProductCode"] = product["ProductCode"];
        var currency = entry["CurrencyIsoCode"] as string;
        if (pricebook["IsStandard"] is true)
        {
            if (entry["UseStandardPrice"] is true)
            {
                throw OrgErrors.FieldIntegrity("field integrity exception: UseStandardPrice (can't use standard price in the standard price book)", "UseStandardPrice");
            }
        }
        else
        {
            var standard = FindEntry(_dml.Info().StandardPricebookId, entry["Product2Id"], currency);
            if (standard is null || standard["IsActive"] is not true)
            {
                throw new SalesforceErrorException(400, "STANDARD_PRICE_NOT_DEFINED", "No standard price defined for this product");
            }

            if (entry["UseStandardPrice"] is true)
            {
                entry["UnitPrice"] = standard["UnitPrice"];
            }
        }

        if (isNew && FindEntry(pricebook.Id, entry["Product2Id"], currency) is not null)
        {
            throw new SalesforceErrorException(400, "DUPLICATE_VALUE", "This price definition already exists in this price book");
        }
    }

    private SObjectRecord? FindEntry(string pricebookId, object? productId, string? currency) =>
        _store.Children("PricebookEntry", "Product2Id", (string)productId!)
            .FirstOrDefault(e => !e.IsDeleted && Equals(e["Pricebook2Id"], pricebookId) && Equals(e["CurrencyIsoCode"], currency));
}
