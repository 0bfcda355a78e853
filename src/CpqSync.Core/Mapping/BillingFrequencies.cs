namespace CpqSync.Core.Mapping;

/// <summary>CPQ <c>SBQQ__BillingFrequency__c</c> → months per billing period (docs/behaviour.md §3.3, §4.10).</summary>
public static class BillingFrequencies
{
    /// <summary>The frequency of a recurring line whose billing frequency is empty (docs/behaviour.md §3.3).</summary>
    public const string Default = "Monthly";

    public static int? Months(string? frequency) => frequency switch
    {
        "Monthly" => 1,
        "Quarterly" => 3,
        "Semiannual" => 6,
        "Annual" => 12,
        _ => null,
    };
}
