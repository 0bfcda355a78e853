using System.Globalization;
using CpqSync.Core.Records;

namespace CpqSync.Core.Tests.Support;

/// <summary>Random but valid CPQ orders from a seed: the same seed always gives the same order.</summary>
public sealed class OrderGenerator(int seed)
{
    private static readonly string[] Frequencies = ["Monthly", "Quarterly", "Semiannual", "Annual"];
    private static readonly int[] FrequencyMonths = [1, 3, 6, 12];
    private readonly Random _random = new(seed);

    public const string OrderId = "801000000000001AAA";

    public List<SfRecord> Order()
    {
        var frequency = _random.Next(Frequencies.Length);
        var term = FrequencyMonths[frequency] * _random.Next(1, 4);
        var records = new List<SfRecord>
        {
            Record("Account", "001000000000001AAA", ("Name", $"Account {seed}")),
            Record("SBQQ__Quote__c", "a0z000000000001AAA", ("SBQQ__StartDate__c", new DateOnly(2024, 1, 1).AddDays(_random.Next(0, 400)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("SBQQ__SubscriptionTerm__c", (decimal)term), ("SBQQ__PaymentTerms__c", "Net 30")),
            Record("Order", OrderId, ("AccountId", "001000000000001AAA"), ("SBQQ__Quote__c", "a0z000000000001AAA"), ("Status", "Activated"), ("Type", "New")),
        };

        var lines = _random.Next(1, 9);
        for (var i = 1; i <= lines; i++)
        {
            var product = Id("01t", i);
            var entry = Id("01u", i);
            var recurring = i == 1 || _random.Next(4) > 0;
            var perPeriod = _random.Next(1, 100_000) / 100m;
            var periods = (decimal)term / FrequencyMonths[frequency];
            var discounted = _random.Next(3) == 0;
            var unitPrice = recurring ? perPeriod * periods * (discounted ? 0.9m : 1m) : perPeriod;
            var shared = i > 1 && _random.Next(5) == 0;
            if (shared)
            {
                product = Id("01t", 1);
                entry = Id("01u", 1);
                recurring = true;
                unitPrice = records.First(r => r.Id == Id("802", 1)).GetDecimal("UnitPrice")!.Value;
            }
            else
            {
                // As on a real org: every product is Renewable by default; only the subscription pricing makes it recurring.
                records.Add(Record("Product2", product, ("Name", $"Product {i}"), ("SBQQ__SubscriptionPricing__c", recurring ? "Fixed Price" : null),
                    ("SBQQ__SubscriptionType__c", "Renewable"), ("SBQQ__BillingFrequency__c", recurring ? Frequencies[frequency] : null)));
                records.Add(Record("PricebookEntry", entry, ("Product2Id", product), ("UnitPrice", perPeriod)));
            }

            records.Add(Record("OrderItem", Id("802", i), ("OrderId", OrderId), ("OrderItemNumber", Id("", i)), ("Product2Id", product),
                ("PricebookEntryId", entry), ("SBQQ__OrderedQuantity__c", (decimal)_random.Next(1, 50)), ("UnitPrice", unitPrice),
                // CPQ copies the quote's billing frequency onto one-time lines too.
                ("SBQQ__SubscriptionPricing__c", recurring ? "Fixed Price" : null), ("SBQQ__SubscriptionType__c", "Renewable"),
                ("SBQQ__BillingFrequency__c", Frequencies[frequency]),
                ("SBQQ__SubscriptionTerm__c", recurring ? (decimal)term : null), ("Skip_Line_Item__c", i > 1 && _random.Next(8) == 0)));
        }

        return records;
    }

    public static SfRecord Record(string type, string id, params (string Field, object? Value)[] fields) =>
        new(type, fields.Select(static f => new KeyValuePair<string, object?>(f.Field, f.Value)).Prepend(new("Id", id)));

    public static string Id(string prefix, int n) => $"{prefix}{n.ToString("D12", CultureInfo.InvariantCulture)}AAA";
}
