using System.Text.Json.Nodes;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync sync order</c> through the host's entry point, against a demo org and Stripe sandbox of its own.</summary>
public sealed class SyncOrderCommandTests : IAsyncLifetime
{
    private const string Stark = "Stark: platform (valid initial order)";
    private const string DecimalQuantity = "Invalid (QUANTITY_NOT_INTEGER): decimal quantity";

    private SandboxPair? _sandbox;

    private SandboxPair Sandbox => _sandbox!;

    public async Task InitializeAsync() => _sandbox = await SandboxPair.StartAsync("demo");

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();

    [Fact]
    public async Task Syncing_a_valid_order_prints_its_stripe_objects_with_dashboard_links()
    {
        var result = await SyncAsync(Order(Stark));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Order {Order(Stark)} synced", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"sub_sched_\w+  https://dashboard\.stripe\.com/test/subscription_schedules/sub_sched_\w+", result.Output);
        Assert.Empty(result.Error);
        Assert.Single(await Sandbox.StripeObjects.ListAsync("subscription_schedules"));
    }

    [Fact]
    public async Task Syncing_an_order_twice_creates_nothing_the_second_time()
    {
        await SyncAsync(Order(Stark));
        var customers = await Sandbox.StripeObjects.CountAsync("customers");
        var prices = await Sandbox.StripeObjects.CountAsync("prices");

        var again = await SyncAsync(Order(Stark), "--json");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(customers, await Sandbox.StripeObjects.CountAsync("customers"));
        Assert.Equal(prices, await Sandbox.StripeObjects.CountAsync("prices"));
        Assert.Single(await Sandbox.StripeObjects.ListAsync("subscription_schedules"));
    }

    [Fact]
    public async Task Syncing_with_json_prints_the_outcome_as_json()
    {
        var result = await SyncAsync(Order(Stark), "--json");

        Assert.Equal(0, result.ExitCode);
        var document = JsonNode.Parse(result.Output)!;
        Assert.Equal(Order(Stark), (string?)document["order"]);
        Assert.Equal("succeeded", (string?)document["status"]);
        var primary = document["stripe_objects"]!.AsArray()[0]!;
        Assert.StartsWith("sub_sched_", (string?)primary["id"], StringComparison.Ordinal);
        Assert.Equal($"https://dashboard.stripe.com/test/subscription_schedules/{primary["id"]}", (string?)primary["link"]);
        Assert.Empty(document["errors"]!.AsArray());
        Assert.True((int)document["stripe_calls"]! > 0);
    }

    [Fact]
    public async Task An_order_the_planner_refuses_prints_each_error_with_what_to_do_and_exits_1()
    {
        var result = await SyncAsync(Order(DecimalQuantity));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("was not synced", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"QUANTITY_NOT_INTEGER: .*\(record OrderItem 802\w+, field SBQQ__OrderedQuantity__c\)", result.Output);
        Assert.Contains($"Fix SBQQ__OrderedQuantity__c on OrderItem", result.Output, StringComparison.Ordinal);
        Assert.Contains($"cpqsync sync order {Order(DecimalQuantity)}", result.Output, StringComparison.Ordinal);
        Assert.Empty(await Sandbox.StripeObjects.ListAsync("subscription_schedules"));
    }

    [Fact]
    public async Task A_refused_order_with_json_lists_its_errors()
    {
        var result = await SyncAsync(Order(DecimalQuantity), "--json");

        Assert.Equal(1, result.ExitCode);
        var document = JsonNode.Parse(result.Output)!;
        Assert.Equal("plan_refused", (string?)document["status"]);
        var error = Assert.Single(document["errors"]!.AsArray())!;
        Assert.Equal("QUANTITY_NOT_INTEGER", (string?)error["code"]);
        Assert.Equal("user", (string?)error["class"]);
        Assert.Equal("SBQQ__OrderedQuantity__c", (string?)error["field"]);
        Assert.NotNull((string?)error["hint"]);
    }

    [Theory]
    [InlineData("8015g00000009ZZAAY")] // well formed, no such order
    [InlineData("8015g000000000FAAZ")] // wrong checksum suffix
    [InlineData("not-an-id")]
    public async Task An_unknown_order_is_one_line_and_exit_code_3(string orderId)
    {
        var result = await SyncAsync(orderId);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"Order '{orderId}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_order_id_is_a_usage_error()
    {
        var result = await CliRun.InvokeAsync(["sync", "order"], Sandbox.Variables, Sandbox.Directory.FullName);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_unreachable_salesforce_is_one_line_and_exit_code_4()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var variables = Sandbox.Variables;
        variables["CPQSYNC_Salesforce__LoginUrl"] = $"http://127.0.0.1:{port}";
        variables["CPQSYNC_Salesforce__MaxRetryAttempts"] = "0";

        var result = await CliRun.InvokeAsync(["sync", "order", Order(Stark)], variables, Sandbox.Directory.FullName);

        Assert.Equal(4, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("Salesforce is unreachable", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_stripe_key_is_one_line_and_exit_code_4()
    {
        var variables = Sandbox.Variables;
        variables["CPQSYNC_Stripe__ApiKey"] = "sk_test_notTheKeyOfThisAccount";

        var result = await CliRun.InvokeAsync(["sync", "order", Order(Stark)], variables, Sandbox.Directory.FullName);

        Assert.Equal(4, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("Stripe is unreachable or refused the API key", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Salesforce", line, StringComparison.Ordinal);
    }

    private string Order(string description) =>
        Sandbox.Salesforce.Org.Records("Order", includeDeleted: false).Single(r => (string?)r["Description"] == description).Id;

    private Task<CliResult> SyncAsync(string orderId, params string[] flags) =>
        CliRun.InvokeAsync(["sync", "order", orderId, .. flags], Sandbox.Variables, Sandbox.Directory.FullName);
}
