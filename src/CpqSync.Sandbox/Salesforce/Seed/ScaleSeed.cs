using CpqSync.Sandbox.Salesforce.Org;

namespace CpqSync.Sandbox.Salesforce.Seed;

/// <summary>
/// The <c>scale:N</c> seed for load tests: N quoted orders (about 85 % activated) over N/5 accounts, each with
/// 1–5 lines from a catalog of 20 products priced in the standard price book. A fixed pseudo-random sequence
/// makes every run identical.
/// </summary>
internal static class ScaleSeed
{
    private static readonly (string Frequency, int Months)[] Frequencies = [("Monthly", 1), ("Quarterly", 3), ("Annual", 12)];

    public static void Run(DmlEngine dml, int orders)
    {
        var w = new SeedWriter(dml);
        var random = new SplitMix(20260301);
        var anchor = w.Anchor;
        var products = Catalog(w, random);
        var accounts = Enumerable.Range(1, Math.Max(1, (orders + 4) / 5))
            .Select(i => w.Insert("Account",
                ("Name", $"Scale Customer {i:D5}"),
                ("BillingStreet", $"{i} Load Test Avenue"), ("BillingCity", "Springfield"), ("BillingCountry", "US"), ("BillingPostalCode", "62701")))
            .ToList();

        for (var n = 0; n < orders; n++)
        {
            var account = accounts[n % accounts.Count];
            var start = anchor.AddMonths(-random.Next(12));
            var term = random.Next(2) == 0 ? 12 : 24;
            // Recurring lines of one order share a billing frequency, as a syncable order must.
            var frequency = Frequencies[random.Next(Frequencies.Length)];
            var quote = w.Insert("SBQQ__Quote__c",
                ("SBQQ__Account__c", account),
                ("SBQQ__Primary__c", true),
                ("SBQQ__Status__c", "Accepted"),
                ("SBQQ__StartDate__c", start),
                ("SBQQ__EndDate__c", start.AddMonths(term).AddDays(-1)),
                ("SBQQ__SubscriptionTerm__c", (decimal)term),
                ("SBQQ__PaymentTerms__c", "Net 30"),
                ("SBQQ__PricebookId__c", w.Info.StandardPricebookId));
            var order = w.Insert("Order",
                ("AccountId", account),
                ("SBQQ__Quote__c", quote),
                ("Pricebook2Id", w.Info.StandardPricebookId),
                ("EffectiveDate", start),
                ("EndDate", start.AddMonths(term).AddDays(-1)),
                ("Type", "New"),
                ("SBQQ__PaymentTerm__c", "Net 30"),
                ("Description", $"Scale order {n + 1}"));
            var candidates = products.Where(p => p.Frequency is null || p.Frequency == frequency.Frequency).ToList();
            var lines = 1 + random.Next(5);
            for (var l = 0; l < lines; l++)
            {
                var product = candidates[random.Next(candidates.Count)];
                var multiplier = product.Frequency is null ? 1m : (decimal)term / frequency.Months;
                w.Insert("OrderItem",
                    ("OrderId", order),
                    ("PricebookEntryId", product.Entry),
                    ("Quantity", (decimal)(1 + random.Next(20))),
                    ("UnitPrice", product.Price * multiplier),
                    ("ServiceDate", start),
                    ("EndDate", start.AddMonths(term).AddDays(-1)),
                    ("SBQQ__ChargeType__c", product.Frequency is null ? "One-Time" : "Recurring"),
                    // As on a real org: one-time lines carry the quote's billing frequency and are Renewable too.
                    ("SBQQ__BillingFrequency__c", product.Frequency ?? frequency.Frequency),
                    ("SBQQ__BillingType__c", product.Frequency is null ? null : "Advance"),
                    ("SBQQ__SubscriptionType__c", "Renewable"),
                    ("SBQQ__SubscriptionPricing__c", product.Frequency is null ? null : "Fixed Price"),
                    ("SBQQ__SubscriptionTerm__c", product.Frequency is null ? null : (decimal)term),
                    ("SBQQ__ProrateMultiplier__c", multiplier));
            }

            if (random.Next(100) < 85)
            {
                w.Update("Order", order, ("Status", "Activated"));
                w.Update("SBQQ__Quote__c", quote, ("SBQQ__Ordered__c", true));
            }
        }
    }

    private sealed record ScaleProduct(string Entry, string? Frequency, decimal Price);

    private static List<ScaleProduct> Catalog(SeedWriter w, SplitMix random)
    {
        var products = new List<ScaleProduct>();
        for (var i = 1; i <= 20; i++)
        {
            // Every fifth product is one-time; the others cycle through the billing frequencies.
            var frequency = i % 5 == 0 ? null : Frequencies[i % Frequencies.Length].Frequency;
            var price = 10m * (1 + random.Next(100));
            var product = w.Insert("Product2",
                ("Name", $"Scale Product {i:D2}"),
                ("ProductCode", $"SCALE-{i:D2}"),
                ("IsActive", true),
                ("SBQQ__ChargeType__c", frequency is null ? "One-Time" : "Recurring"),
                ("SBQQ__BillingFrequency__c", frequency),
                ("SBQQ__BillingType__c", frequency is null ? null : "Advance"),
                ("SBQQ__SubscriptionType__c", "Renewable"), // CPQ's default on every product, one-time ones included
                ("SBQQ__SubscriptionPricing__c", frequency is null ? null : "Fixed Price"),
                ("SBQQ__SubscriptionTerm__c", frequency is null ? null : 12));
            var entry = w.Insert("PricebookEntry",
                ("Pricebook2Id", w.Info.StandardPricebookId), ("Product2Id", product), ("UnitPrice", price), ("IsActive", true));
            products.Add(new ScaleProduct(entry, frequency, price));
        }

        return products;
    }

    /// <summary>A tiny deterministic generator (SplitMix64): the same sequence on every platform and runtime.</summary>
    private sealed class SplitMix(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int maxExclusive)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)maxExclusive);
        }
    }
}
