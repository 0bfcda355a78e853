using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Salesforce's built-in behaviour for price books, orders and contracts: derived fields, integrity checks and
/// roll-ups. Runs after the generic field checks of <see cref="DmlEngine"/>.
/// </summary>
internal sealed class OrgRules
{
    public const string ActivatedOrderProducts = "You can't add, change, or delete products on an activated order.";
    public const string ActivateWithoutProducts = "You can't activate an order that has no order products.";

    private readonly DmlEngine _dml;
    private readonly RecordStore _store;
    private readonly QuoteOrdering _quoteOrdering;

    public OrgRules(DmlEngine dml, RecordStore store)
    {
        _dml = dml;
        _store = store;
        _quoteOrdering = new QuoteOrdering(dml, store);
    }

    public void BeforeInsert(SObjectSchema schema, SObjectRecord record)
    {
        switch (schema.Name)
        {
            case "Opportunity":
                record["IsClosed"] = (record["StageName"] as string)?.StartsWith("Closed", StringComparison.Ordinal) == true;
                record["IsWon"] = record["StageName"] as string is "Closed Won" or "Closed/Won";
                break;
            case "Contact" or "User":
                record["Name"] = string.Join(' ', new[] { record["FirstName"] as string, record["LastName"] as string }.Where(n => n is not null));
                break;
            case "PricebookEntry":
                PricebookEntryRules(record, isNew: true);
                break;
            case "OrderItem":
                OrderItemRules(null, record);
                break;
            case "Order":
                OrderRules(null, record);
                break;
            case "Contract":
                ContractRules(record);
                break;
        }

        Validations.Check(schema, record);
    }

    public void BeforeUpdate(SObjectSchema schema, SObjectRecord current, SObjectRecord record)
    {
        switch (schema.Name)
        {
            case "Opportunity":
                record["IsClosed"] = (record["StageName"] as string)?.StartsWith("Closed", StringComparison.Ordinal) == true;
                record["IsWon"] = record["StageName"] as string is "Closed Won" or "Closed/Won";
                break;
            case "Contact" or "User":
                record["Name"] = string.Join(' ', new[] { record["FirstName"] as string, record["LastName"] as string }.Where(n => n is not null));
                break;
            case "PricebookEntry":
                PricebookEntryRules(record, isNew: false);
                break;
            case "OrderItem":
                OrderItemRules(current, record);
                break;
            case "Order":
                OrderRules(current, record);
                break;
            case "Contract":
                ContractRules(record);
                break;
        }

        Validations.Check(schema, record);
    }

    public void BeforeDelete(SObjectSchema schema, SObjectRecord current)
    {
        if (schema.Name == "OrderItem" && ParentOrder(current) is { } order && IsActivated(order))
        {
            throw OrgErrors.FieldIntegrity(ActivatedOrderProducts);
        }

        if (schema.Name == "Pricebook2" && current["IsStandard"] is true)
        {
            throw new SalesforceErrorException(400, "INVALID_OPERATION", "You can't delete the standard price book.");
        }
    }

    /// <summary>Roll-ups that follow a committed write: an order's total follows its products.</summary>
    public void AfterWrite(SObjectSchema schema, SObjectRecord? before, SObjectRecord after)
    {
        if (schema.Name == "Product2" && before is not null
            && (!Equals(before["Name"], after["Name"]) || !Equals(before["ProductCode"], after["ProductCode"])))
        {
            // A price book entry shows its product's name and code.
            foreach (var entry in _store.Children("PricebookEntry", "Product2Id", after.Id))
            {
                _dml.SystemUpdate(entry, e =>
                {
                    e["Name"] = after["Name"];
                    e["ProductCode"] = after["ProductCode"];
                });
            }
        }

        if (schema.Name == "SBQQ__Quote__c" && after["SBQQ__Ordered__c"] is true && before?["SBQQ__Ordered__c"] is not true && !after.IsDeleted)
        {
            _quoteOrdering.Run(after);
        }

        if (schema.Name == "OrderItem")
        {
            var orderId = (after["OrderId"] ?? before?["OrderId"]) as string;
            if (orderId is not null && _store.Find(orderId) is { IsDeleted: false } order)
            {
                var total = _store.Children("OrderItem", "OrderId", orderId)
                    .Where(i => !i.IsDeleted)
                    .Sum(i => i["TotalPrice"] as decimal? ?? 0m);
                if (order["TotalAmount"] as decimal? != total)
                {
                    _dml.SystemUpdate(order, o => o["TotalAmount"] = total);
                }
            }
        }
    }

    private void PricebookEntryRules(SObjectRecord entry, bool isNew)
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
            var standard = FindEntry(Info.StandardPricebookId, entry["Product2Id"], currency);
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

    private void OrderItemRules(SObjectRecord? current, SObjectRecord item)
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

    private void OrderRules(SObjectRecord? current, SObjectRecord order)
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
            order["ActivatedById"] ??= Info.ApiUser.Id;
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

    private void ContractRules(SObjectRecord contract)
    {
        contract["StatusCode"] = contract["Status"] as string == "Activated" ? "Activated" : "Draft";
        contract["EndDate"] = contract["StartDate"] is DateOnly start && contract["ContractTerm"] is decimal term
            ? start.AddMonths((int)term).AddDays(-1)
            : null;
    }

    private IEnumerable<SObjectRecord> LiveItems(SObjectRecord order) =>
        _store.Children("OrderItem", "OrderId", order.Id).Where(i => !i.IsDeleted);

    private SObjectRecord? ParentOrder(SObjectRecord item) => item["OrderId"] is string id ? _store.Find(id) : null;

    private static bool IsActivated(SObjectRecord order) => order["Status"] as string == "Activated";

    private OrgInfo Info => _dml.Info();
}
