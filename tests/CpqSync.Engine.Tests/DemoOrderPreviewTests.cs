using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

/// <summary>Every activated order of the demo seed, previewed end to end: snapshot from the org, then the planner.</summary>
public sealed class DemoOrderPreviewTests(DemoOrgFixture fixture) : IClassFixture<DemoOrgFixture>
{
    /// <summary>Orders the seed means to sync, by their description.</summary>
    public static TheoryData<string> Valid { get; } =
    [
        "Acme: platform, onboarding and API usage",
        "Globex: analytics through the partner price book",
        "Initech: enterprise licences",
        "Umbrella: premium support",
        "Wayne: seats ramp over three years",
        "Hooli: managed hosting (evergreen)",
        "Initech renewal: second year",
        "Stark: platform (valid initial order)",
    ];

    /// <summary>Orders the seed means to fail, with the catalogue error it names in their description.</summary>
    public static TheoryData<string, string> Invalid { get; } = new()
    {
        { "Invalid (BILLING_FREQUENCY_UNSUPPORTED): Invoice Plan billing", "BILLING_FREQUENCY_UNSUPPORTED" },
        { "Invalid (ORDER_NO_QUOTE): order not generated from a quote", "ORDER_NO_QUOTE" },
        { "Invalid (QUANTITY_NOT_INTEGER): decimal quantity", "QUANTITY_NOT_INTEGER" },
        { "Invalid (MIXED_BILLING_INTERVALS): monthly and annual lines", "MIXED_BILLING_INTERVALS" },
        { "Invalid (METERED_QUANTITY_GT_ONE): usage line with quantity 5", "METERED_QUANTITY_GT_ONE" },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task A_valid_demo_order_plans(string description)
    {
        var result = await PreviewAsync(description);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.CodeName + ": " + e.Message)));
        Assert.NotEmpty(result.Plan!.Operations);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_demo_order_fails_with_the_error_the_seed_names(string description, string code)
    {
        var result = await PreviewAsync(description);

        Assert.False(result.Succeeded);
        Assert.Equal(code, Assert.Single(result.Errors).CodeName);
    }

    [Fact]
    public async Task A_quote_without_a_start_date_fails_naming_the_empty_field()
    {
        var result = await PreviewAsync("Invalid (REQUIRED_MAPPING_EMPTY): quote without a start date");

        // Its line's product has no billing frequency: that bills monthly and is not what fails.
        var error = Assert.Single(result.Errors);
        Assert.Equal("REQUIRED_MAPPING_EMPTY", error.CodeName);
        Assert.Equal(("SBQQ__Quote__c", "SBQQ__StartDate__c"), (error.RecordType, error.Field));
        Assert.Equal("Required mappings were empty for the Stripe object. Empty: SBQQ__Quote__c.SBQQ__StartDate__c.", error.Message);
    }

    [Theory]
    [InlineData("Acme amendment: +5 platform seats")]
    [InlineData("Umbrella cancellation: support to zero")]
    public async Task An_amendment_of_an_unsynced_contract_waits_for_its_initial_order(string description)
    {
        var result = await PreviewAsync(description);

        Assert.True(result.Succeeded);
        Assert.Contains(result.Plan!.Warnings, w => w.Code == "INITIAL_ORDER_NOT_SYNCED");
        Assert.Empty(result.Plan.Operations);
    }

    [Fact]
    public async Task Every_activated_demo_order_is_covered()
    {
        var orders = await fixture.Org.ActivatedOrdersAsync();
        var covered = ((IEnumerable<object[]>)Valid).Select(static row => (string)row[0])
            .Concat(((IEnumerable<object[]>)Invalid).Select(static row => (string)row[0]))
            .Concat([
                "Invalid (REQUIRED_MAPPING_EMPTY): quote without a start date",
                "Acme amendment: +5 platform seats",
                "Umbrella cancellation: support to zero",
                "Invalid (currency): amendment in EUR of a USD contract", // AmendmentTests: needs its contract synced first
            ]);

        Assert.Equal(orders.Keys.Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Record_links_in_stripe_metadata_point_at_the_org_when_no_instance_url_is_configured()
    {
        var result = await PreviewAsync("Stark: platform (valid initial order)");

        var customer = result.Plan!.Operations.First(o => o.Kind == Core.Planning.StripeOperationKind.CreateCustomer);
        var accountId = customer.Params.Single(p => p.Key == "metadata[salesforce_account_id]").Value.Text;
        var link = customer.Params.Single(p => p.Key == "metadata[salesforce_account_link]").Value.Text;
        Assert.Equal($"{fixture.Org.Server.BaseUrl.GetLeftPart(UriPartial.Authority)}/{accountId}", link);
    }

    private async Task<Core.Planning.PlanResult> PreviewAsync(string description)
    {
        var orders = await fixture.Org.ActivatedOrdersAsync();
        var preview = await fixture.Org.Previewer.PreviewAsync(orders[description], DemoOrg.Configuration, cancellationToken: TestCancellation.Token);
        return preview.Result;
    }
}
