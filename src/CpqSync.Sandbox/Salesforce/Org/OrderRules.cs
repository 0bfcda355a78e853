using CpqSync.Sandbox.Salesforce.Data;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Orders and order products: entries from the order's price book and currency, derived prices and totals,
/// activation (needs products, stamps the order, freezes its products and price book).
/// </summary>
internal sealed class OrderRules(DmlEngine dml, RecordStore store)
{
    public const string ActivatedOrderProducts = "You can't add, change, or delete products on an activated order.";
    public const string ActivateWithoutProducts = "You can't activate an order that has no order products.";

    private readonly DmlEngine _dml = dml;
    private readonly RecordStore _store = store;

    public void BeforeDeleteItem(SObjectRecord item)
    {
        if (ParentOrder(item) is { } order && IsActivated(order))
        {
            throw OrgErrors.FieldIntegrity(ActivatedOrderProducts);
        }
    }

    /// <summary>An order's total follows its live products.</summary>
    public void AfterItemWrite(SObjectRecord? before, SObjectRecord after)
    {
        var orderId = (after["OrderId"] ?? before?["OrderId"]) as string;
        if (orderId is null || _store.Find(orderId) is not { IsDeleted: false } order)
        {
            return;
        }

        var total = LiveItems(order).Sum(i => i["TotalPrice"] as decimal? ?? 0m);
        if (order["TotalAmount"] as decimal? != total)
        {
            _dml.SystemUpdate(order, o => o["TotalAmount"] = total);
        }
    }

    public void BeforeSaveItem(SObjectRecord? current, SObjectRecord item)
    {
        var order = ParentOrder(item)!;
        if (IsActivated(order) && (current is null || ChangesProductData(current, item)))
        {
            throw OrgErrors.FieldIntegrity(ActivatedOrderProducts);
        }

        var entry = _store.Find((string)item["PricebookEntryId"]!)!;
        if (current is null)
        {
            if (!Equals(entry["Pricebook2Id"], order["Pricebook2Id"]))
            {
                throw OrgErrors.FieldIntegrity(
                    "field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the order, "
                    + "or order has no pricebook assigned)",
                    "PricebookEntryId");
            }

            if (!Equals(entry["CurrencyIsoCode"], order["CurrencyIsoCode"]))
            {
                throw OrgErrors.FieldIntegrity(
                    "field integrity exception: PricebookEntryId (pricebook entry currency code does not match order currency code)",
                    "PricebookEntryId");
            }

            if (entry["IsActive"] is not true)
            {
                throw OrgErrors.FieldIntegrity("field integrity exception: PricebookEntryId (pricebook entry is inactive)", "PricebookEntryId");
            }

            if (item["Product2Id"] is string product && product != (string)entry["Product2Id"]!)
            {
                throw OrgErrors.FieldIntegrity("field integrity exception: Product2Id (product does not match the pricebook entry)", "Product2Id");
            }

            item["Product2Id"] = entry["Product2Id"];
            item["ListPrice"] ??= entry["UnitPrice"];
        }

        item["CurrencyIsoCode"] = order["CurrencyIsoCode"];
        item["TotalPrice"] = item["Quantity"] is decimal quantity && item["UnitPrice"] is decimal price ? quantity * price : null;
        if (IsActivated(order))
        {
            item["SBQQ__Status__c"] = "Activated";
            item["SBQQ__Activated__c"] = true;
        }
    }

    /// <summary>On an activated order, only fields that do not describe what was sold may change (CPQ's own bookkeeping).</summary>
    private static bool ChangesProductData(SObjectRecord current, SObjectRecord item) =>
        new[] { "Quantity", "UnitPrice", "PricebookEntryId", "Product2Id", "ServiceDate", "EndDate" }
            .Any(f => !Equals(current[f], item[f]));

    public void BeforeSaveOrder(SObjectRecord? current, SObjectRecord order)
    {
        var status = order["Status"] as string;
        var activating = status == "Activated" && current?["Status"] as string != "Activated";
        if (current is not null && IsActivated(current) && !Equals(current["Pricebook2Id"], order["Pricebook2Id"]))
        {
            throw OrgErrors.FieldIntegrity(
                "field integrity exception: Pricebook2Id (can't change the price book of an activated order)", "Pricebook2Id");
        }

        if (current is not null && !Equals(current["Pricebook2Id"], order["Pricebook2Id"]) && LiveItems(order).Any())
        {
            throw OrgErrors.FieldIntegrity(
                "field integrity exception: Pricebook2Id (can't change the price book of an order that has order products)", "Pricebook2Id");
        }

        if (current is not null && !Equals(current["CurrencyIsoCode"], order["CurrencyIsoCode"]) && LiveItems(order).Any())
        {
            throw OrgErrors.FieldIntegrity(
                "field integrity exception: CurrencyIsoCode (can't change the currency of an order that has order products)", "CurrencyIsoCode");
        }

        if (activating)
        {
            if (current is null || !LiveItems(order).Any())
            {
                throw OrgErrors.FieldIntegrity(ActivateWithoutProducts, "Status");
            }

            order["ActivatedDate"] ??= _dml.Now;
            order["ActivatedById"] ??= _dml.Info().ApiUser.Id;
            foreach (var item in LiveItems(order).ToList())
            {
                _dml.SystemUpdate(item, i =>
                {
                    i["SBQQ__Status__c"] = "Activated";
                    i["SBQQ__Activated__c"] = true;
                });
            }
        }

        order["StatusCode"] = status == "Activated" ? "Activated" : "Draft";
        order["TotalAmount"] ??= 0m;
    }

    private IEnumerable<SObjectRecord> LiveItems(SObjectRecord order) =>
        _store.Children("OrderItem", "OrderId", order.Id).Where(i => !i.IsDeleted);

    private SObjectRecord? ParentOrder(SObjectRecord item) => item["OrderId"] is string id ? _store.Find(id) : null;

    private static bool IsActivated(SObjectRecord order) => order["Status"] as string == "Activated";
}
