using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>An order line resolved to the Stripe price it bills with.</summary>
internal sealed record PlannedLine(
    SfRecord Line,
    SfRecord Product,
    bool Recurring,
    bool Metered,
    bool Tiered,
    bool Evergreen,
    string? Interval,
    int IntervalCount,
    long? Quantity,
    ParamValue Price,
    StripeParams PriceParams,
    bool AutoArchive)
{
    /// <summary>Minor-unit amount of a negative one-time line turned into a credit invoice item (lift #32).</summary>
    public long? CreditAmount { get; init; }

    public string RevisionKey => Line.GetString("SBQQ__RevisedOrderProduct__c") ?? Line.Id;
}
