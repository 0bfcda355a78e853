using CpqSync.Core.Configuration;
using CpqSync.Core.Mapping;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;
using CpqSync.Core.Stripe;
using CpqSync.Core.Tests.Support;

namespace CpqSync.Core.Tests;

/// <summary>Rules that hold for every order, checked on generated orders with fixed seeds.</summary>
public class PropertyTests
{
    private static readonly SyncConfiguration Configuration = new()
    {
        Settings = new SyncSettings { InstanceUrl = "https://acme.my.salesforce.com", DefaultCurrency = "usd" },
    };

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 60));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_orders_plan_successfully_and_deterministically(int seed)
    {
        var input = Input(new OrderGenerator(seed).Order(), StripeState.Empty);

        var first = SyncPlanner.Plan(input);
        var second = SyncPlanner.Plan(Input(new OrderGenerator(seed).Order(), StripeState.Empty));

        Assert.True(first.Succeeded, string.Join("; ", first.Errors.Select(static e => e.Message)));
        Assert.Equal(PlanJson.Serialize(first), PlanJson.Serialize(second));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Re_planning_an_order_after_its_sync_yields_no_operations(int seed)
    {
        var records = new OrderGenerator(seed).Order();
        var plan = SyncPlanner.Plan(Input(records, StripeState.Empty)).Plan!;

        var (synced, stripe) = PlanApplier.Apply(plan, records, StripeState.Empty);
        var again = SyncPlanner.Plan(Input(synced, stripe));

        Assert.True(again.Succeeded);
        Assert.Equal(PlanShape.None, again.Plan!.Shape);
        Assert.Empty(again.Plan.Operations);
        Assert.Empty(again.Plan.WriteBacks);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_synced_catalogue_is_reused_by_the_next_order_of_the_same_account(int seed)
    {
        var records = new OrderGenerator(seed).Order();
        var plan = SyncPlanner.Plan(Input(records, StripeState.Empty)).Plan!;
        var (synced, stripe) = PlanApplier.Apply(plan, records, StripeState.Empty);

        // The same catalogue ordered again on a new order: nothing but the order itself (and refreshes) is created.
        var next = synced.Select(static r => r.Type == "Order" ? r.With("Stripe_ID__c", null) : r).ToList();
        var replan = SyncPlanner.Plan(Input(next, stripe)).Plan!;

        Assert.DoesNotContain(replan.Operations, static o => o.Kind is StripeOperationKind.CreateCustomer or StripeOperationKind.CreateProduct);
        Assert.DoesNotContain(replan.Operations, o => o.Kind == StripeOperationKind.CreatePrice && o.SourceRecordId.StartsWith("01u", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Repeated_prices_go_inline_or_get_a_clone_with_its_own_idempotency_key_per_phase_and_per_amendment(int seed)
    {
        // Stripe answers a repeated key with the first object: a clone archived after an earlier amendment would come
        // back inactive, and the schedule update using it would fail "price inactive" (docs/behaviour.md §3.11). A price
        // sent inline (price_data) has no key of its own: Stripe makes it with the schedule.
        var earlier = new HashSet<string>(StringComparer.Ordinal);
        var clones = 0;
        var inline = 0;
        for (var amendments = 1; amendments <= 5; amendments++)
        {
            var result = SyncPlanner.Plan(AmendmentChain.Build(amendments, seed));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(static e => e.Message)));
            var keys = result.Plan!.Operations.Where(static o => o.Id.StartsWith("price_clone:", StringComparison.Ordinal))
                .Select(static o => o.IdempotencyKey).ToList();
            clones += keys.Count;
            inline += result.Plan.Operations.Sum(static o => o.Params.Count(static p => p.Key.EndsWith("[price_data][currency]", StringComparison.Ordinal)));

            Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
            Assert.DoesNotContain(keys, earlier.Contains);
            earlier.UnionWith(keys);
        }

        Assert.True(clones + inline > 0, "the chain repeated no price in a phase");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Phases_are_contiguous_and_end_at_the_contract_end(int seed)
    {
        var random = new Random(seed);
        var amendments = random.Next(1, 8);
        var input = AmendmentChain.Build(amendments, seed);

        var result = SyncPlanner.Plan(input);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(static e => e.Message)));
        var update = result.Plan!.Operations.Single(static o => o.Kind == StripeOperationKind.UpdateSubscriptionSchedule);
        var parameters = update.Params.ToDictionary(static p => p.Key, static p => p.Value.Text);
        var phases = parameters.Keys.Where(static k => k.EndsWith("][start_date]", StringComparison.Ordinal)).Count();
        for (var i = 1; i < phases; i++)
        {
            Assert.Equal(parameters[$"phases[{i - 1}][end_date]"], parameters[$"phases[{i}][start_date]"]);
        }

        Assert.Equal(AmendmentChain.ContractEnd.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters[$"phases[{phases - 1}][end_date]"]);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Aggregating_amendment_deltas_never_yields_a_negative_quantity(int seed)
    {
        var random = new Random(seed);
        var aggregator = new LineAggregator();
        var origins = new List<string>();
        var expected = new Dictionary<string, long>();
        for (var order = 0; order < 12; order++)
        {
            var lines = new List<(SfRecord, long)>();
            for (var l = 0; l < random.Next(1, 4); l++)
            {
                var id = OrderGenerator.Id("802", (order * 10) + l);
                if (origins.Count == 0 || random.Next(3) == 0)
                {
                    origins.Add(id);
                    var quantity = random.Next(1, 20);
                    lines.Add((OrderGenerator.Record("OrderItem", id), quantity));
                    expected[id] = quantity;
                    continue;
                }

                var origin = origins[random.Next(origins.Count)];
                var delta = random.Next(-10, 10);
                if (delta == 0 || expected[origin] + delta < 0)
                {
                    continue;
                }

                lines.Add((OrderGenerator.Record("OrderItem", id, ("SBQQ__RevisedOrderProduct__c", origin)), delta));
                expected[origin] += delta;
            }

            Assert.Null(aggregator.Apply(lines));
            var current = aggregator.Current();
            Assert.All(current, static a => Assert.True(a.Quantity > 0));
            foreach (var (origin, quantity) in expected)
            {
                Assert.Equal(quantity, current.Where(a => a.Origin == origin).Sum(static a => a.Quantity));
            }
        }
    }

    [Theory]
    [InlineData("usd", "0.015", "1.5")]
    [InlineData("jpy", "1500", "1500")]
    [InlineData("kwd", "1.2345", "1234.5")]
    [InlineData("usd", "0.000000000000001", "0")]
    [InlineData("usd", "0.00000000000001", "0.000000000001")]
    [InlineData("eur", "19.99", "1999")]
    public void Amounts_use_the_currency_exponent_and_twelve_decimals(string currency, string amount, string expected)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, Amounts.Format(Amounts.ToMinorUnits(value, currency)));
    }

    private static SyncInput Input(IEnumerable<SfRecord> records, StripeState stripe) =>
        new(new RecordSet(records), OrderGenerator.OrderId, stripe, Configuration, Now);
}
