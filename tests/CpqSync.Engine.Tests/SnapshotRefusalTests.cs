using CpqSync.Core.Configuration;
using CpqSync.Engine.Snapshots;
using CpqSync.Engine.Tests.Support;

namespace CpqSync.Engine.Tests;

public sealed class SnapshotRefusalTests(DemoOrgFixture fixture) : IClassFixture<DemoOrgFixture>
{
    [Theory]
    [InlineData("' OR Name != '")]
    [InlineData("8015g000000000GAAQ' OR Id != '")]
    [InlineData("")]
    public async Task A_hostile_or_malformed_order_id_is_refused_without_querying(string orderId)
    {
        var before = fixture.Org.Server.ApiUsage;

        var refused = await Assert.ThrowsAsync<OrderNotFoundException>(
            () => fixture.Org.Reader.ReadAsync(orderId, DemoOrg.Configuration, TestCancellation.Token));

        Assert.Equal(orderId, refused.OrderId);
        Assert.Equal(before, fixture.Org.Server.ApiUsage);
    }

    [Fact]
    public async Task An_order_id_that_names_no_order_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<OrderNotFoundException>(
            () => fixture.Org.Reader.ReadAsync("801000000000000AAA", DemoOrg.Configuration, TestCancellation.Token));

        Assert.Contains("was not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapping_that_reads_a_field_the_org_lacks_is_named_before_any_planning()
    {
        var orders = await fixture.Org.ActivatedOrdersAsync();
        var configuration = DemoOrg.Configuration with
        {
            FieldMappings = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [StripeObjectKeys.Customer] = new Dictionary<string, string> { ["description"] = "Account.No_Such_Field__c" },
            },
        };

        var error = await Assert.ThrowsAsync<SnapshotSchemaException>(
            () => fixture.Org.Reader.ReadAsync(orders["Umbrella: premium support"], configuration, TestCancellation.Token));

        Assert.Equal(["Account.No_Such_Field__c"], error.Missing);
    }

    [Fact]
    public async Task A_mapping_through_a_lookup_brings_the_parent_record_into_the_snapshot()
    {
        var orders = await fixture.Org.ActivatedOrdersAsync();
        var configuration = DemoOrg.Configuration with
        {
            FieldMappings = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [StripeObjectKeys.SubscriptionSchedule] = new Dictionary<string, string> { ["metadata.bill_to_title"] = "Order.BillToContact.Title" },
            },
        };

        var snapshot = await fixture.Org.Reader.ReadAsync(orders["Umbrella: premium support"], configuration, TestCancellation.Token);

        Assert.Equal("Head of Finance", snapshot.Records.ReadPath(snapshot.Order, "BillToContact.Title"));
    }

    [Fact]
    public async Task A_mapping_through_a_lookup_of_a_parent_brings_that_record_too()
    {
        var orders = await fixture.Org.ActivatedOrdersAsync();
        var configuration = DemoOrg.Configuration with
        {
            FieldMappings = new Dictionary<string, IReadOnlyDictionary<string, string>>
            {
                [StripeObjectKeys.Customer] = new Dictionary<string, string> { ["description"] = "Account.Owner.Name" },
            },
        };

        var snapshot = await fixture.Org.Reader.ReadAsync(orders["Umbrella: premium support"], configuration, TestCancellation.Token);

        var account = snapshot.Records.Follow(snapshot.Order, "Account")!;
        Assert.Equal("User", snapshot.Records.Follow(account, "Owner")?.Type);
        Assert.NotNull(snapshot.Records.ReadPath(account, "Owner.Name"));
    }
}
