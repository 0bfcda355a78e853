using System.Text.Json.Nodes;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>
/// Every emulated object has the fields of Stripe's own fixtures (<c>TestData/stripe-fixtures.json</c>, from Stripe's
/// OpenAPI repository): same names, nothing missing, nothing invented.
/// </summary>
public sealed class ShapeTests
{
    /// <summary>Fixture fields the sandbox does not emit, each with the reason.</summary>
    private static readonly Dictionary<string, string[]> NotEmitted = new()
    {
        // Newer billing features (billing schedules, managed payments) the sandbox does not emulate.
        ["subscription"] = ["billing_schedules", "managed_payments"],
    };

    public static TheoryData<string> Kinds =>
    [
        "customer", "product", "price", "coupon", "subscription_schedule", "subscription", "subscription_item", "invoiceitem", "invoice",
        "test_helpers.test_clock",
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Objects_have_the_fields_of_stripes_fixtures(string kind)
    {
        await using var api = await StripeApi.StartAsync();
        var objects = await CreateAllAsync(api);
        var fixture = Fixtures()[kind]!.AsObject();
        var ours = objects[kind];

        var missing = fixture.Select(p => p.Key).Except(ours.Select(p => p.Key))
            .Except(NotEmitted.GetValueOrDefault(kind) ?? []).Order().ToList();
        var invented = ours.Select(p => p.Key).Except(fixture.Select(p => p.Key)).Order().ToList();

        Assert.True(missing.Count == 0, $"{kind} lacks {string.Join(", ", missing)}");
        Assert.True(invented.Count == 0, $"{kind} has fields Stripe's does not: {string.Join(", ", invented)}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Nested_objects_have_the_fields_of_stripes_fixtures(string kind)
    {
        await using var api = await StripeApi.StartAsync();
        var ours = (await CreateAllAsync(api))[kind];
        var differences = new List<string>();

        CompareNested(Fixtures()[kind]!.AsObject(), ours, kind, differences);

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>Where both sides hold an object (or a first array element that is one), their field names agree.</summary>
    private static void CompareNested(JsonObject fixture, JsonObject ours, string path, List<string> differences)
    {
        foreach (var (name, fixtureValue) in fixture)
        {
            var expected = fixtureValue;
            var actual = ours[name];
            if (expected is JsonArray { Count: > 0 } expectedArray && actual is JsonArray { Count: > 0 } actualArray)
            {
                (expected, actual) = (expectedArray[0], actualArray[0]);
            }

            if (expected is not JsonObject expectedObject || actual is not JsonObject actualObject)
            {
                continue;
            }

            var childPath = $"{path}.{name}";
            var keys = expectedObject.Select(p => p.Key).ToHashSet();
            if (name == "pricing")
            {
                // The fixture leaves out this optional field; the API sends it with the price an item was billed at.
                keys.Add("price_details");
            }

            var actualKeys = actualObject.Select(p => p.Key).ToHashSet();
            if (!keys.SetEquals(actualKeys))
            {
                differences.Add($"{childPath}: missing [{string.Join(", ", keys.Except(actualKeys))}] " +
                    $"extra [{string.Join(", ", actualKeys.Except(keys))}]");
            }

            CompareNested(expectedObject, actualObject, childPath, differences);
        }
    }

    [Theory]
    [InlineData("customer", typeof(global::Stripe.Customer))]
    [InlineData("product", typeof(global::Stripe.Product))]
    [InlineData("price", typeof(global::Stripe.Price))]
    [InlineData("coupon", typeof(global::Stripe.Coupon))]
    [InlineData("subscription_schedule", typeof(global::Stripe.SubscriptionSchedule))]
    [InlineData("subscription", typeof(global::Stripe.Subscription))]
    [InlineData("subscription_item", typeof(global::Stripe.SubscriptionItem))]
    [InlineData("invoiceitem", typeof(global::Stripe.InvoiceItem))]
    [InlineData("invoice", typeof(global::Stripe.Invoice))]
    [InlineData("test_helpers.test_clock", typeof(global::Stripe.TestHelpers.TestClock))]
    public async Task Objects_read_into_stripe_net_types_with_their_values(string kind, Type type)
    {
        await using var api = await StripeApi.StartAsync();
        var json = (await CreateAllAsync(api))[kind];

        var read = (global::Stripe.IHasId)Newtonsoft.Json.JsonConvert.DeserializeObject(json.ToJsonString(), type)!;

        Assert.Equal(json["id"]!.GetValue<string>(), read.Id);
    }

    private static async Task<Dictionary<string, JsonObject>> CreateAllAsync(StripeApi api)
    {
        var clock = await api.CreateAsync("/v1/test_helpers/test_clocks", $"frozen_time={StripeApi.Start.ToUnixTimeSeconds()}");
        var customer = await api.CreateAsync("/v1/customers", $"email=shape@example.com&test_clock={clock["id"]}");
        var product = await api.CreateAsync("/v1/products", "name=Seat");
        var price = await api.CreateAsync("/v1/prices", $"product={product["id"]}&currency=usd&unit_amount=100&recurring[interval]=month");
        var coupon = await api.CreateAsync("/v1/coupons", "percent_off=10");
        var schedule = await api.CreateAsync("/v1/subscription_schedules",
            $"customer={customer["id"]}&phases[0][items][0][price]={price["id"]}");
        var subscription = (await api.GetAsync($"/v1/subscriptions/{schedule["subscription"]}")).Json;
        var item = subscription["items"]!["data"]![0]!.AsObject();
        var invoiceItem = await api.CreateAsync("/v1/invoiceitems", $"customer={customer["id"]}&amount=100&currency=usd");
        var invoice = await api.CreateAsync("/v1/invoices", $"customer={customer["id"]}&pending_invoice_items_behavior=include");
        return new Dictionary<string, JsonObject>
        {
            ["customer"] = customer,
            ["product"] = product,
            ["price"] = price,
            ["coupon"] = coupon,
            ["subscription_schedule"] = schedule,
            ["subscription"] = subscription,
            ["subscription_item"] = item,
            ["invoiceitem"] = invoiceItem,
            ["invoice"] = invoice,
            ["test_helpers.test_clock"] = clock,
        };
    }

    private static JsonObject Fixtures() => TestDataFile.ReadJson("stripe-fixtures.json")["resources"]!.AsObject();
}
