using System.Globalization;
using CpqSync.Core.Configuration;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;
using static CpqSync.Core.Tests.Support.OrderGenerator;

namespace CpqSync.Core.Tests.Support;

/// <summary>
/// A synced 24-month contract (two monthly lines) with a chain of monthly amendments adding and removing seats;
/// the last amendment is the one to plan.
/// </summary>
public static class AmendmentChain
{
    public static readonly DateOnly Start = new(2024, 1, 1);
    public const int Term = 24;

    public static long ContractEnd => Timestamp(Start.AddMonths(Term));

    public static SyncInput Build(int amendments, int seed)
    {
        var random = new Random(seed);
        const string contract = "800000000000001AAA";
        var records = new List<SfRecord>
        {
            Record("Account", "001000000000001AAA", ("Name", "Acme"), ("Stripe_ID__c", "cus_1")),
            Record("Contract", contract, ("SBQQ__Order__c", Id("801", 0)), ("SBQQ__Quote__c", Id("a0z", 0))),
        };
        var quantities = new long[] { 10, 10 };
        AddOrder(records, 0, Start, Term, amends: null, stripeId: "sub_sched_1");
        for (var p = 0; p < 2; p++)
        {
            records.Add(Record("Product2", Id("01t", p), ("Name", $"P{p}"), ("SBQQ__SubscriptionPricing__c", "Fixed Price"), ("SBQQ__SubscriptionType__c", "Renewable"),
                ("SBQQ__BillingFrequency__c", "Monthly"), ("Stripe_ID__c", $"prod_{p}")));
            records.Add(Record("PricebookEntry", Id("01u", p), ("Product2Id", Id("01t", p)), ("UnitPrice", 10m), ("Stripe_ID__c", $"price_{p}")));
            records.Add(Line(Id("802", p), Id("801", 0), p, quantities[p], Term, revises: null));
        }

        var phases = new List<StripeSchedulePhase>();
        for (var a = 1; a <= amendments; a++)
        {
            var start = Start.AddMonths(a);
            AddOrder(records, a, start, Term - a, amends: contract, stripeId: a < amendments ? "sub_sched_1" : null);
            var p = random.Next(2);
            var delta = random.Next(-(int)quantities[p] + 1, 6);
            delta = delta == 0 ? 1 : delta;
            quantities[p] += delta;
            records.Add(Line(Id("802", 100 + a), Id("801", a), p, delta, Term - a, revises: Id("802", p)));
        }

        for (var a = 0; a < amendments; a++)
        {
            var end = a + 1 < amendments ? Start.AddMonths(a + 1) : Start.AddMonths(Term);
            phases.Add(new StripeSchedulePhase(Timestamp(Start.AddMonths(a)), Timestamp(end),
                new Dictionary<string, string> { ["salesforce_order_id"] = Id("801", a) }));
        }

        var stripe = new StripeState
        {
            Customers = new HashSet<string> { "cus_1" },
            Products = new HashSet<string> { "prod_0", "prod_1" },
            Prices = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["price_0"] = Monthly(), ["price_1"] = Monthly() },
            Schedules = new Dictionary<string, StripeScheduleState> { ["sub_sched_1"] = new("sub_sched_1", "active", phases) },
        };
        var now = new DateTimeOffset(Start.AddMonths(amendments).AddDays(-random.Next(0, 20)).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var configuration = new SyncConfiguration
        {
            Settings = new SyncSettings { InstanceUrl = "https://acme.my.salesforce.com", DefaultCurrency = "usd", MaxSchedulePhases = 40 },
        };
        return new SyncInput(new RecordSet(records), Id("801", amendments), stripe, configuration, now);
    }

    private static Dictionary<string, string> Monthly() => new()
    {
        ["currency"] = "usd", ["billing_scheme"] = "per_unit", ["unit_amount_decimal"] = "1000",
        ["recurring[interval]"] = "month", ["recurring[interval_count]"] = "1", ["recurring[usage_type]"] = "licensed",
    };

    private static void AddOrder(List<SfRecord> records, int n, DateOnly start, int term, string? amends, string? stripeId)
    {
        records.Add(Record("Opportunity", Id("006", n), ("SBQQ__AmendedContract__c", amends)));
        records.Add(Record("SBQQ__Quote__c", Id("a0z", n), ("SBQQ__StartDate__c", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("SBQQ__SubscriptionTerm__c", (decimal)term)));
        records.Add(Record("Order", Id("801", n), ("AccountId", "001000000000001AAA"), ("OpportunityId", Id("006", n)), ("SBQQ__Quote__c", Id("a0z", n)),
            ("Status", "Activated"), ("Stripe_ID__c", stripeId), ("OrderNumber", Id("", n))));
    }

    private static SfRecord Line(string id, string order, int product, long quantity, int term, string? revises) =>
        Record("OrderItem", id, ("OrderId", order), ("Product2Id", Id("01t", product)), ("PricebookEntryId", Id("01u", product)),
            ("SBQQ__OrderedQuantity__c", (decimal)quantity), ("UnitPrice", 10m * term), ("SBQQ__SubscriptionPricing__c", "Fixed Price"), ("SBQQ__SubscriptionType__c", "Renewable"),
            ("SBQQ__BillingFrequency__c", "Monthly"), ("SBQQ__SubscriptionTerm__c", (decimal)term), ("SBQQ__RevisedOrderProduct__c", revises));

    private static long Timestamp(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
}
