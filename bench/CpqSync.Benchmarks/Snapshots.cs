using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;

namespace CpqSync.Benchmarks;

/// <summary>Builds realistic order snapshots in memory.</summary>
internal static class Snapshots
{
    private static readonly SyncConfiguration Configuration = new()
    {
        Settings = new SyncSettings { InstanceUrl = "https://acme.my.salesforce.com", DefaultCurrency = "usd" },
    };

    private static readonly DateTimeOffset Now = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static SyncInput TypicalOrder(int lines)
    {
        var records = new List<SfRecord>();
        AddOrder(records, "801000000000001AAA", "a0z000000000001AAA", "006000000000001AAA", new DateOnly(2024, 2, 1), 12, contract: null);
        for (var i = 1; i <= lines; i++)
        {
            var product = Id("01t", i);
            var entry = Id("01u", i);
            records.Add(Record("Product2", product, ("Name", $"Product {i}"), ("SBQQ__SubscriptionType__c", "Renewable"),
                ("SBQQ__BillingFrequency__c", "Monthly"), ("SBQQ__SubscriptionTerm__c", 1m)));
            records.Add(Record("PricebookEntry", entry, ("Product2Id", product), ("UnitPrice", 10m * i)));
            // Every other line is discounted, so it needs its own order-line price.
            records.Add(Line(Id("802", i), "801000000000001AAA", product, entry, quantity: i, unitPrice: (i % 2 == 0 ? 100m : 120m) * i, revises: null));
        }

        return new SyncInput(new RecordSet(records), "801000000000001AAA", StripeState.Empty, Configuration, Now);
    }

    /// <summary>An initial 2-line order and <paramref name="amendments"/> monthly amendments, each adding seats.</summary>
    public static SyncInput AmendmentChain(int amendments)
    {
        var records = new List<SfRecord>();
        var contract = "800000000000001AAA";
        var start = new DateOnly(2024, 1, 1);
        const int term = 24;
        AddOrder(records, "801000000000000AAA", "a0z000000000000AAA", "006000000000000AAA", start, term, contract: null, stripeId: "sub_sched_1");
        records.Add(Record("Contract", contract, ("AccountId", "001000000000001AAA"), ("SBQQ__Order__c", "801000000000000AAA"),
            ("SBQQ__Quote__c", "a0z000000000000AAA"), ("StartDate", "2024-01-01"), ("ContractTerm", (decimal)term)));
        for (var p = 1; p <= 2; p++)
        {
            records.Add(Record("Product2", Id("01t", p), ("Name", $"Product {p}"), ("SBQQ__SubscriptionType__c", "Renewable"),
                ("SBQQ__BillingFrequency__c", "Monthly"), ("SBQQ__SubscriptionTerm__c", 1m), ("Stripe_ID__c", $"prod_{p}")));
            records.Add(Record("PricebookEntry", Id("01u", p), ("Product2Id", Id("01t", p)), ("UnitPrice", 10m), ("Stripe_ID__c", $"price_{p}")));
            records.Add(Line(Id("802", p), "801000000000000AAA", Id("01t", p), Id("01u", p), 5, 10m * term, null));
        }

        var phases = new List<StripeSchedulePhase>();
        for (var a = 1; a <= amendments; a++)
        {
            var amendmentStart = start.AddMonths(a);
            var order = Id("801", a);
            AddOrder(records, order, Id("a0z", a), Id("006", a), amendmentStart, term - a, contract,
                stripeId: a < amendments ? "sub_sched_1" : null, amends: contract);
            records.Add(Line(Id("802", 100 + a), order, Id("01t", (a % 2) + 1), Id("01u", (a % 2) + 1), 1, 10m * (term - a), Id("802", (a % 2) + 1)));
        }

        for (var a = 0; a < amendments; a++)
        {
            phases.Add(new StripeSchedulePhase(Timestamp(start.AddMonths(a)), Timestamp(start.AddMonths(a + 1)), new Dictionary<string, string>()));
        }

        var stripe = new StripeState
        {
            Customers = new HashSet<string> { "cus_1" },
            Products = new HashSet<string> { "prod_1", "prod_2" },
            Prices = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                ["price_1"] = MonthlyPrice(1000), ["price_2"] = MonthlyPrice(1000),
            },
            Schedules = new Dictionary<string, StripeScheduleState> { ["sub_sched_1"] = new("sub_sched_1", "active", phases) },
        };
        return new SyncInput(new RecordSet(records), Id("801", amendments), stripe, Configuration, new DateTimeOffset(start.AddMonths(amendments).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    private static Dictionary<string, string> MonthlyPrice(int cents) => new()
    {
        ["currency"] = "usd", ["billing_scheme"] = "per_unit", ["unit_amount_decimal"] = cents.ToString(CultureInfo.InvariantCulture),
        ["recurring[interval]"] = "month", ["recurring[interval_count]"] = "1", ["recurring[usage_type]"] = "licensed",
    };

    private static long Timestamp(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();

    private static void AddOrder(List<SfRecord> records, string order, string quote, string opportunity, DateOnly start, int term, string? contract,
        string? stripeId = null, string? amends = null)
    {
        if (records.All(r => r.Id != "001000000000001AAA"))
        {
            records.Add(Record("Account", "001000000000001AAA", ("Name", "Acme Corp"), ("Stripe_ID__c", stripeId is null && amends is null ? null : "cus_1")));
        }

        records.Add(Record("Opportunity", opportunity, ("SBQQ__AmendedContract__c", amends)));
        records.Add(Record("SBQQ__Quote__c", quote, ("SBQQ__StartDate__c", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("SBQQ__SubscriptionTerm__c", (decimal)term), ("SBQQ__PaymentTerms__c", "Net 30")));
        records.Add(Record("Order", order, ("AccountId", "001000000000001AAA"), ("OpportunityId", opportunity), ("SBQQ__Quote__c", quote),
            ("Status", "Activated"), ("Type", amends is null ? "New" : "Amendment"), ("ContractId", contract), ("Stripe_ID__c", stripeId),
            ("EffectiveDate", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))));
    }

    private static SfRecord Line(string id, string order, string product, string entry, int quantity, decimal unitPrice, string? revises) =>
        Record("OrderItem", id, ("OrderId", order), ("OrderItemNumber", id), ("Product2Id", product), ("PricebookEntryId", entry),
            ("Quantity", (decimal)quantity), ("SBQQ__OrderedQuantity__c", (decimal)quantity), ("UnitPrice", unitPrice),
            ("SBQQ__SubscriptionType__c", "Renewable"), ("SBQQ__BillingFrequency__c", "Monthly"), ("SBQQ__RevisedOrderProduct__c", revises),
            ("SBQQ__Activated__c", true));

    private static SfRecord Record(string type, string id, params (string Field, object? Value)[] fields) =>
        new(type, fields.Select(static f => new KeyValuePair<string, object?>(f.Field, f.Value)).Prepend(new("Id", id)));

    private static string Id(string prefix, int n) => $"{prefix}{n.ToString("D12", CultureInfo.InvariantCulture)}AAA";
}
