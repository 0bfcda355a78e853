using System.Text.Json.Nodes;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync preview order</c> run through the host's entry point against the demo sandbox.</summary>
public sealed class PreviewCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Acme = "Acme: platform, onboarding and API usage";
    private const string DecimalQuantity = "Invalid (QUANTITY_NOT_INTEGER): decimal quantity";

    /// <summary>The demo org is multi-currency (USD, EUR, JPY customers): the mapping document says so.</summary>
    private const string SyncDocument = """{ "settings": { "multi_currency_enabled": true, "default_currency": "USD" } }""";

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-cli-");

    [Fact]
    public async Task Preview_of_an_activated_order_prints_its_stripe_operations_and_write_backs()
    {
        var result = await PreviewAsync(sandbox.Order(Acme));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Order {sandbox.Order(Acme)}: subscription_schedule", result.Output, StringComparison.Ordinal);
        Assert.Contains("create_customer  POST /v1/customers", result.Output, StringComparison.Ordinal);
        Assert.Contains("name = Acme Corporation", result.Output, StringComparison.Ordinal);
        Assert.Contains("create_subscription_schedule", result.Output, StringComparison.Ordinal);
        Assert.Contains("Salesforce write-backs", result.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was written", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Preview_writes_nothing_to_stripe()
    {
        var result = await PreviewAsync(sandbox.Order(Acme));

        Assert.Equal(0, result.ExitCode);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", sandbox.Sandbox.Stripe.SecretKey);
        foreach (var resource in new[] { "customers", "products", "prices", "subscription_schedules" })
        {
            var list = JsonNode.Parse(await http.GetStringAsync(new Uri(sandbox.Sandbox.Stripe.BaseUrl, $"v1/{resource}")))!;
            Assert.Empty(list["data"]!.AsArray());
        }
    }

    [Fact]
    public async Task Preview_with_json_prints_the_plan_as_json()
    {
        var result = await PreviewAsync(sandbox.Order(Acme), "--json");

        Assert.Equal(0, result.ExitCode);
        var plan = JsonNode.Parse(result.Output)!;
        Assert.Equal(sandbox.Order(Acme), (string?)plan["order"]);
        Assert.Equal("subscription_schedule", (string?)plan["shape"]);
        var operations = plan["operations"]!.AsArray();
        var customer = operations.Single(o => (string?)o!["kind"] == "create_customer")!;
        Assert.Equal("POST /v1/customers", (string?)customer["request"]);
        Assert.Contains(operations, o => (string?)o!["kind"] == "create_subscription_schedule");
        Assert.NotEmpty(plan["write_backs"]!.AsArray());
        Assert.Empty(plan["warnings"]!.AsArray());
    }

    /// <summary>
    /// The sandbox's Stripe key is a test-mode key: the preview is prepared as a sync's connection is, so it plans the
    /// same test clock for the new customer and the same <c>/test/</c> Dashboard links (docs/behaviour.md §2).
    /// </summary>
    [Fact]
    public async Task Preview_with_a_test_mode_key_plans_the_test_clocks_and_test_dashboard_links_a_sync_would()
    {
        var result = await PreviewAsync(sandbox.Order(Acme), "--json");

        Assert.Equal(0, result.ExitCode);
        var plan = JsonNode.Parse(result.Output)!;
        var operations = plan["operations"]!.AsArray();
        var clock = Assert.Single(operations, o => (string?)o!["kind"] == "create_test_clock")!;
        var customer = operations.Single(o => (string?)o!["kind"] == "create_customer")!;
        Assert.Equal((string?)clock["id"], (string?)customer["params"]!["test_clock"]!["$ref"]);
        var links = plan["write_backs"]!.AsArray()
            .SelectMany(w => w!["fields"]!.AsObject())
            .Where(f => f.Key.EndsWith("_Link__c", StringComparison.Ordinal))
            .Select(f => f.Value!.ToJsonString())
            .ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.Contains("dashboard.stripe.com/test/", link, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Preview_of_an_order_the_seed_marks_invalid_prints_its_catalogue_error_and_exits_1()
    {
        var result = await PreviewAsync(sandbox.Order(DecimalQuantity));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The order can't be synced: 1 error.", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"QUANTITY_NOT_INTEGER: .*decimal quantity.* \(record OrderItem 802\w+, field SBQQ__OrderedQuantity__c\)", result.Output);
    }

    [Fact]
    public async Task Preview_with_json_of_an_invalid_order_prints_its_errors_as_json()
    {
        var result = await PreviewAsync(sandbox.Order(DecimalQuantity), "--json");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(JsonNode.Parse(result.Output)!["errors"]!.AsArray())!;
        Assert.Equal("QUANTITY_NOT_INTEGER", (string?)error["code"]);
        Assert.Equal("OrderItem", (string?)error["object"]);
        Assert.Equal("SBQQ__OrderedQuantity__c", (string?)error["field"]);
    }

    [Theory]
    [InlineData("8015g00000000ZZ")]
    [InlineData("8015g000000000FAAZ")]
    [InlineData("not-an-id")]
    public async Task An_unknown_order_id_is_one_line_and_exit_code_3(string orderId)
    {
        var result = await PreviewAsync(orderId);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith($"Order '{orderId}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_client_id_is_one_line_naming_the_setting_and_exit_code_2()
    {
        var variables = Variables();
        variables.Remove("CPQSYNC_Salesforce__ClientId");

        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme)], variables);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("Salesforce:ClientId", line, StringComparison.Ordinal);
        AssertNoSecrets(result);
    }

    [Fact]
    public async Task Settings_from_a_config_file_take_effect()
    {
        var settings = new JsonObject();
        foreach (var (key, value) in sandbox.Settings)
        {
            var (section, name) = (key.Split(':')[0], key.Split(':')[1]);
            settings[section] ??= new JsonObject();
            settings[section]![name] = value;
        }

        settings["Sync"] = new JsonObject { ["ConfigurationFile"] = "sync.json" };
        var file = Path.Combine(_workingDirectory.FullName, "cpqsync.settings.json");
        await File.WriteAllTextAsync(file, settings.ToJsonString());
        await WriteSyncDocumentAsync();

        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme), "--config", file], new Dictionary<string, string>());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("create_customer", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_win_over_the_config_file()
    {
        var file = Path.Combine(_workingDirectory.FullName, "wrong-password.json");
        await File.WriteAllTextAsync(file, """{ "Salesforce": { "Password": "not-the-password" } }""");

        var fixedByEnvironment = await PreviewAsync(sandbox.Order(Acme), "--config", file);
        var variables = Variables();
        variables["CPQSYNC_Salesforce__Password"] = "wrong-from-the-environment";
        var brokenByEnvironment = await InvokeAsync(["preview", "order", sandbox.Order(Acme), "--config", file], variables);

        Assert.Equal(0, fixedByEnvironment.ExitCode);
        Assert.Equal(4, brokenByEnvironment.ExitCode);
        Assert.Empty(brokenByEnvironment.Output);
        var line = Assert.Single(brokenByEnvironment.ErrorLines);
        Assert.StartsWith("Salesforce refused the login (invalid_grant", line, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-from-the-environment", brokenByEnvironment.All, StringComparison.Ordinal);
        AssertNoSecrets(brokenByEnvironment);
    }

    [Fact]
    public async Task The_sync_document_named_in_settings_shapes_the_plan()
    {
        await File.WriteAllTextAsync(Path.Combine(_workingDirectory.FullName, "sync.json"),
            """{ "settings": { "multi_currency_enabled": true, "default_currency": "USD", "metadata_prefix": "crm_" } }""");
        var variables = Variables();
        variables["CPQSYNC_Sync__ConfigurationFile"] = "sync.json";

        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme)], variables);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("metadata[crm_account_id]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_is_one_line_and_exit_code_2()
    {
        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme), "--config", "absent.json"], Variables());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.json does not exist (--config)", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_salesforce_is_one_line_and_exit_code_4()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var variables = Variables();
        variables["CPQSYNC_Salesforce__LoginUrl"] = $"http://127.0.0.1:{port}";
        variables["CPQSYNC_Salesforce__MaxRetryAttempts"] = "0";

        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme)], variables);

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("Salesforce is unreachable", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        AssertNoSecrets(result);
    }

    [Fact]
    public async Task Bad_flags_are_a_usage_error_with_exit_code_2()
    {
        var result = await InvokeAsync(["preview", "order", sandbox.Order(Acme), "--jsn"], Variables());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--jsn", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_with_sandbox_needs_no_configuration()
    {
        // The demo seed gives its records the same ids on every run; this is the Acme order's.
        var result = await InvokeAsync(["preview", "order", "8015g0000000001AAA", "--sandbox", "--json"], new Dictionary<string, string>());

        Assert.Equal(0, result.ExitCode);
        var plan = JsonNode.Parse(result.Output)!;
        Assert.Equal("8015g0000000001AAA", (string?)plan["order"]);
        Assert.Equal("Acme Corporation", (string?)plan["operations"]![0]!["params"]!["name"]);
        AssertNoSecrets(result);
    }

    public void Dispose() => _workingDirectory.Delete(recursive: true);

    /// <summary>Previews with every setting from <c>CPQSYNC_</c> environment variables, and asserts no secret was printed.</summary>
    private async Task<CliResult> PreviewAsync(string orderId, params string[] flags)
    {
        await WriteSyncDocumentAsync();
        var variables = Variables();
        variables["CPQSYNC_Sync__ConfigurationFile"] = "sync.json";
        var result = await InvokeAsync(["preview", "order", orderId, .. flags], variables);
        AssertNoSecrets(result);
        return result;
    }

    private Task<CliResult> InvokeAsync(string[] args, IReadOnlyDictionary<string, string> variables) =>
        CliRun.InvokeAsync(args, variables, _workingDirectory.FullName);

    private Dictionary<string, string> Variables() => sandbox.Variables;

    private Task WriteSyncDocumentAsync() => File.WriteAllTextAsync(Path.Combine(_workingDirectory.FullName, "sync.json"), SyncDocument);

    private void AssertNoSecrets(CliResult result)
    {
        Assert.DoesNotContain(sandbox.ClientSecret, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Password, result.All, StringComparison.Ordinal);
    }
}
