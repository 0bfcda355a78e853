using CpqSync.Sandbox.Salesforce.Data;
using CpqSync.Sandbox.Salesforce.Schema;

namespace CpqSync.Sandbox.Salesforce.Org;

/// <summary>
/// Salesforce's and CPQ's built-in behaviour on save: derived fields, integrity checks, roll-ups and automation.
/// Runs after the generic field checks of <see cref="DmlEngine"/>; object-specific rules live in their own classes.
/// </summary>
internal sealed class OrgRules
{
    private readonly DmlEngine _dml;
    private readonly RecordStore _store;
    private readonly PricebookRules _pricebooks;
    private readonly OrderRules _orders;
    private readonly QuoteOrdering _quoteOrdering;
    private readonly OrderContracting _contracting;

    public OrgRules(DmlEngine dml, RecordStore store)
    {
        _dml = dml;
        _store = store;
        _pricebooks = new PricebookRules(dml, store);
        _orders = new OrderRules(dml, store);
        _quoteOrdering = new QuoteOrdering(dml, store);
        _contracting = new OrderContracting(dml, store);
    }

    /// <summary>Before an insert (<paramref name="current"/> null) or an update is stored.</summary>
    public void BeforeSave(SObjectSchema schema, SObjectRecord? current, SObjectRecord record)
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
                _pricebooks.BeforeSave(record, isNew: current is null);
                break;
            case "OrderItem":
                _orders.BeforeSaveItem(current, record);
                break;
            case "SBQQ__QuoteLine__c" when current is null && record["SBQQ__BillingFrequency__c"] is null
                && record["SBQQ__Quote__c"] is string quote && (_store.Find(quote)?["SBQQ__BillingFrequency__c"]) is string frequency:
                // CPQ copies the quote's billing frequency onto its lines, one-time lines included.
                record["SBQQ__BillingFrequency__c"] = frequency;
                break;
            case "Order":
                _orders.BeforeSaveOrder(current, record);
                break;
            case "Contract":
                record["StatusCode"] = record["Status"] as string == "Activated" ? "Activated" : "Draft";
                record["EndDate"] = record["StartDate"] is DateOnly start && record["ContractTerm"] is decimal term
                    ? start.AddMonths((int)term).AddDays(-1)
                    : null;
                break;
            case "SBQQ__Subscription__c":
                SubscriptionDates(record);
                break;
        }

        InheritCurrency(schema, record);
        Validations.Check(schema, record);
    }

    public void BeforeDelete(SObjectSchema schema, SObjectRecord current)
    {
        if (schema.Name == "OrderItem")
        {
            _orders.BeforeDeleteItem(current);
        }

        if (schema.Name == "Pricebook2" && current["IsStandard"] is true)
        {
            throw new SalesforceErrorException(400, "INVALID_OPERATION", "You can't delete the standard price book.");
        }
    }

    /// <summary>What follows a stored write: roll-ups, derived copies and CPQ's ordering automation.</summary>
    public void AfterWrite(SObjectSchema schema, SObjectRecord? before, SObjectRecord after)
    {
        switch (schema.Name)
        {
            case "OrderItem":
                _orders.AfterItemWrite(before, after);
                break;
            case "Product2" when before is not null
                && (!Equals(before["Name"], after["Name"]) || !Equals(before["ProductCode"], after["ProductCode"])):
                // A price book entry shows its product's name and code.
                foreach (var entry in _store.Children("PricebookEntry", "Product2Id", after.Id))
                {
                    _dml.SystemUpdate(entry, e =>
                    {
                        e["Name"] = after["Name"];
                        e["ProductCode"] = after["ProductCode"];
                    });
                }

                break;
            case "SBQQ__Quote__c" when Checked(before, after, "SBQQ__Ordered__c"):
                _quoteOrdering.Run(after);
                break;
            case "Order" when Checked(before, after, "SBQQ__Contracted__c"):
                _contracting.Run(after);
                break;
            case "Contract" when before is not null && (!Equals(before["StartDate"], after["StartDate"]) || !Equals(before["EndDate"], after["EndDate"])):
                // Formulas read through the lookup: the contract's subscriptions show its new dates.
                foreach (var subscription in _store.Children("SBQQ__Subscription__c", "SBQQ__Contract__c", after.Id).Where(static s => !s.IsDeleted).ToList())
                {
                    _dml.SystemUpdate(subscription, SubscriptionDates);
                }

                break;
        }
    }

    /// <summary>
    /// CPQ's formula fields on a subscription: its start and end dates are its own subscription dates, else its
    /// contract's; a terminated subscription ends on its terminated date.
    /// </summary>
    private void SubscriptionDates(SObjectRecord subscription)
    {
        var contract = subscription["SBQQ__Contract__c"] is string contractId ? _store.Find(contractId) : null;
        subscription["SBQQ__StartDate__c"] = subscription["SBQQ__SubscriptionStartDate__c"] as DateOnly? ?? contract?["StartDate"] as DateOnly?;
        subscription["SBQQ__EndDate__c"] = subscription["SBQQ__TerminatedDate__c"] as DateOnly?
            ?? subscription["SBQQ__SubscriptionEndDate__c"] as DateOnly? ?? contract?["EndDate"] as DateOnly?;
    }

    /// <summary>True when an update has just checked a live record's checkbox (CPQ's automation runs on update).</summary>
    private static bool Checked(SObjectRecord? before, SObjectRecord after, string field) =>
        before is not null && before[field] is not true && after[field] is true && !after.IsDeleted;

    /// <summary>A master-detail child is always in its master's currency (price book entries have their own).</summary>
    private void InheritCurrency(SObjectSchema schema, SObjectRecord record)
    {
        if (schema.Name == "PricebookEntry" || !schema.Fields.ContainsKey("CurrencyIsoCode"))
        {
            return;
        }

        foreach (var field in _dml.MasterFields(schema))
        {
            if (record[field] is string parentId && _store.Find(parentId)?["CurrencyIsoCode"] is string currency)
            {
                record["CurrencyIsoCode"] = currency;
                return;
            }
        }
    }
}
