using CpqSync.Core.Errors;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>
/// The orders on one contract, found the way the reference does (docs/behaviour.md §7.2): the amendment's opportunity names
/// the amended contract; the contract's quote leads to the initial order (its <c>SBQQ__Order__c</c> names the
/// last order contracted, an amendment once one is); amendments are the orders
/// whose opportunity amends that contract, in start-date order.
/// </summary>
internal sealed record ContractHistory(SfRecord Contract, SfRecord InitialOrder, IReadOnlyList<SfRecord> Amendments)
{
    public static ContractHistory Find(PlanContext context, SfRecord amendment)
    {
        var records = context.Records;
        var opportunity = records.Follow(amendment, "Opportunity")!;
        var contractId = opportunity.GetString("SBQQ__AmendedContract__c")!;
        var orderContract = amendment.GetString("ContractId");
        if (orderContract is not null && orderContract != contractId)
        {
            throw context.Failure(SyncErrorCode.AmendmentMultipleContracts, amendment, "ContractId");
        }

        if (records.Follow(amendment, "SBQQ__Quote__c") is null)
        {
            throw context.Failure(SyncErrorCode.AmendmentNoQuote, amendment, "SBQQ__Quote__c");
        }

        var primaryQuotes = records.OfType("SBQQ__Quote__c")
            .Count(q => q.GetString("SBQQ__Opportunity2__c") == opportunity.Id && q.GetBool("SBQQ__Primary__c"));
        if (primaryQuotes > 1)
        {
            throw context.Failure(SyncErrorCode.AmendmentMultipleQuotes, amendment, "SBQQ__Quote__c");
        }

        var contract = records.Find(contractId)
            ?? throw context.Failure(SyncErrorCode.InitialQuoteNotFound, opportunity, "SBQQ__AmendedContract__c");
        return ForContract(context, contract, amendment.Id);
    }

    /// <summary>The history of <paramref name="contract"/>, including <paramref name="pendingOrderId"/> even if not activated.</summary>
    public static ContractHistory ForContract(PlanContext context, SfRecord contract, string? pendingOrderId)
    {
        var records = context.Records;
        var contractId = contract.Id;
        var initialQuote = contract.GetString("SBQQ__Quote__c");
        // CPQ re-points SBQQ__Order__c to each amendment order it contracts, so the contract's quote leads to the
        // initial order; SBQQ__Order__c counts only for a contract without a quote, and never when it names an amendment.
        var initial = records.OfType("Order").Where(o => initialQuote is not null && o.GetString("SBQQ__Quote__c") == initialQuote
                && !AmendsContract(records, o)).MinBy(static o => o.Id, StringComparer.Ordinal)
            ?? (records.Find(contract.GetString("SBQQ__Order__c")) is { } pointed && !AmendsContract(records, pointed) ? pointed : null)
            ?? throw context.Failure(SyncErrorCode.InitialQuoteNotFound, contract, "SBQQ__Quote__c");

        var amendments = records.OfType("Order")
            .Where(o => records.Follow(o, "Opportunity")?.GetString("SBQQ__AmendedContract__c") == contractId)
            .Where(o => o.GetString("Status") == "Activated" || o.Id == pendingOrderId)
            .OrderBy(o => records.Follow(o, "SBQQ__Quote__c")?.GetDate("SBQQ__StartDate__c") ?? DateOnly.MaxValue)
            .ThenBy(o => o.GetString("ActivatedDate") ?? "", StringComparer.Ordinal)
            .ThenBy(o => o.GetString("OrderNumber") ?? o.Id, StringComparer.Ordinal)
            .ToList();
        return new ContractHistory(contract, initial, amendments);
    }

    private static bool AmendsContract(RecordSet records, SfRecord order) =>
        records.Follow(order, "Opportunity")?.Has("SBQQ__AmendedContract__c") == true;
}
