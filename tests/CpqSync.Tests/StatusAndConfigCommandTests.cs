using System.Text.Json.Nodes;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync status</c> and <c>cpqsync config export|import</c> against the demo sandbox, each test with its own store.</summary>
public sealed class StatusAndConfigCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-status-");

    [Fact]
    public async Task Status_with_json_reports_the_connection_services_live_sync_and_queue()
    {
        var result = await RunAsync("status", "--json");

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Empty(result.Error);
        var status = JsonNode.Parse(result.Output)!;
        Assert.Equal("default", (string?)status["connection"]!["name"]);
        Assert.True((bool)status["salesforce"]!["reachable"]!);
        Assert.StartsWith("00D", (string?)status["salesforce"]!["org_id"], StringComparison.Ordinal);
        Assert.StartsWith("005", (string?)status["salesforce"]!["user_id"], StringComparison.Ordinal);
        Assert.True((bool)status["stripe"]!["reachable"]!);
        Assert.False((bool)status["live_sync"]!["enabled"]!);
        Assert.Equal(30, (long)status["live_sync"]!["polling_interval_seconds"]!);
        Assert.Equal(0, (long)status["queue"]!["waiting"]!);
        Assert.Empty(status["last_errors"]!.AsArray());
        Assert.DoesNotContain(sandbox.ClientSecret, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.Password, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_says_when_stripe_refuses_the_key_and_exits_1()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["CPQSYNC_Stripe__ApiKey"] = "sk_test_wrongKey000000000000" }, "status");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Connection default", result.Output, StringComparison.Ordinal);
        Assert.Contains("Stripe:      NOT reachable: Stripe refused the API key (Stripe:ApiKey)", result.Output, StringComparison.Ordinal);
        Assert.Contains("Live sync:   off", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_test_wrongKey", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_the_document_import_stores_it_and_status_shows_it()
    {
        var exported = Path.Combine(_workingDirectory.FullName, "exported.json");
        var export = await RunAsync("config", "export", exported);
        Assert.Equal(0, export.ExitCode);
        var document = JsonNode.Parse(await File.ReadAllTextAsync(exported))!;
        Assert.False((bool)document["preferences"]!["live_sync"]!);

        document["preferences"]!["live_sync"] = true;
        document["preferences"]!["start_date"] = "2026-01-01";
        document["preferences"]!["polling_interval"] = "00:01:00";
        document["preferences"]!["filters"]!.AsArray().Add(new JsonObject
        {
            ["object"] = "Order", ["field"] = "EffectiveDate", ["operator"] = "GreaterThanOrEqualTo", ["value"] = "2024-01-01",
        });
        var edited = Path.Combine(_workingDirectory.FullName, "edited.json");
        await File.WriteAllTextAsync(edited, document.ToJsonString());
        var import = await RunAsync("config", "import", edited);

        Assert.Equal(0, import.ExitCode);
        Assert.Empty(import.Error);
        Assert.Contains("live sync on", import.Output, StringComparison.Ordinal);
        var status = JsonNode.Parse((await RunAsync("status", "--json")).Output)!;
        Assert.True((bool)status["live_sync"]!["enabled"]!);
        Assert.Equal(60, (long)status["live_sync"]!["polling_interval_seconds"]!);
        var again = await RunAsync("config", "export", "-");
        Assert.Equal("2024-01-01", (string?)JsonNode.Parse(again.Output)!["preferences"]!["filters"]![1]!["value"]);
        Assert.DoesNotContain(sandbox.ClientSecret, await File.ReadAllTextAsync(exported), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "field_mappings": { "customer": { "email": "No_Such_Field__c" } } }""",
        "$.field_mappings.customer.email: Mapping 'field_mappings.customer.email': field 'No_Such_Field__c' does not exist on Account")]
    [InlineData("""{ "preferences": { "filters": [ { "object": "Order", "field": "Status", "operator": "EqualTo", "value": "Shipped" } ] } }""",
        "$.preferences.filters[0]: Order.Status EqualTo: 'Shipped' is not a value of the picklist Status.")]
    [InlineData("""{ "preferences": { "filters": [ { "object": "Order", "field": "EffectiveDate", "operator": "LessThan", "value": "soon" } ] } }""",
        "$.preferences.filters[0]: Order.EffectiveDate LessThan: the text 'soon' does not fit EffectiveDate, a date field.")]
    [InlineData("""{ "preferences": { "sync_record_retention": -1 } }""",
        "$.preferences.sync_record_retention: must be a whole number of at least 1")]
    public async Task Import_refuses_a_document_that_does_not_fit_with_one_line_and_exit_2(string json, string expected)
    {
        var file = Path.Combine(_workingDirectory.FullName, "bad.json");
        await File.WriteAllTextAsync(file, json);

        var result = await RunAsync("config", "import", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"{file}: {expected}", line, StringComparison.Ordinal);
        var status = JsonNode.Parse((await RunAsync("status", "--json")).Output)!;
        Assert.False((bool)status["live_sync"]!["enabled"]!);
    }

    [Fact]
    public async Task Import_merges_a_partial_document_into_the_stored_one_and_prints_what_changed()
    {
        var first = await ImportAsync("on.json", """{ "preferences": { "live_sync": true, "start_date": "2026-01-01" } }""");
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("2 changes (live sync on)", first.Output, StringComparison.Ordinal);
        Assert.Contains("  $.preferences.start_date: (none) → \"2026-01-01\"", first.Output, StringComparison.Ordinal);
        Assert.Contains("  $.preferences.live_sync: false → true", first.Output, StringComparison.Ordinal);

        var second = await ImportAsync("interval.json", """{ "preferences": { "polling_interval": "00:02:00" } }""");
        var interval = Path.Combine(_workingDirectory.FullName, "interval.json");

        Assert.True(second.ExitCode == 0, second.All);
        Assert.Equal(
            [$"Merged {interval} into connection 'default': 1 change (live sync on).", "  $.preferences.polling_interval: \"00:00:30\" → \"00:02:00\""],
            second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => l.TrimEnd('\r')));
        var status = JsonNode.Parse((await RunAsync("status", "--json")).Output)!;
        Assert.True((bool)status["live_sync"]!["enabled"]!);
        Assert.Equal(120, (long)status["live_sync"]!["polling_interval_seconds"]!);
        var again = await RunAsync("config", "import", interval);
        Assert.Contains("nothing changed (live sync on)", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_that_turns_live_sync_on_with_no_start_date_is_refused_with_the_count_of_orders_it_would_sync()
    {
        var on = Path.Combine(_workingDirectory.FullName, "on.json");
        await File.WriteAllTextAsync(on, """{ "preferences": { "live_sync": true } }""");

        var result = await RunAsync("config", "import", on);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Matches(
            $@"^{System.Text.RegularExpressions.Regex.Escape(on)}: \$\.preferences\.start_date: turning live sync on needs a start date; with none, live sync would sync all [1-9][0-9]* activated orders that match the filters\. Set it to today \(""\d{{4}}-\d{{2}}-\d{{2}}""\)",
            line);
        var status = JsonNode.Parse((await RunAsync("status", "--json")).Output)!;
        Assert.False((bool)status["live_sync"]!["enabled"]!);
    }

    [Fact]
    public async Task Import_with_replace_stores_the_file_as_the_whole_document()
    {
        Assert.Equal(0, (await ImportAsync("on.json", """{ "preferences": { "live_sync": true, "start_date": "2026-01-01" } }""")).ExitCode);
        var interval = Path.Combine(_workingDirectory.FullName, "interval.json");
        await File.WriteAllTextAsync(interval, """{ "preferences": { "polling_interval": "00:02:00" } }""");

        var result = await RunAsync("config", "import", "--replace", interval);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains($"Replaced the document of connection 'default' with {interval}: 3 changes (live sync off).", result.Output, StringComparison.Ordinal);
        Assert.Contains("  $.preferences.live_sync: true → false", result.Output, StringComparison.Ordinal);
        Assert.Contains("  $.preferences.start_date: \"2026-01-01\" → (none)", result.Output, StringComparison.Ordinal);
        var status = JsonNode.Parse((await RunAsync("status", "--json")).Output)!;
        Assert.False((bool)status["live_sync"]!["enabled"]!);
    }

    [Fact]
    public async Task Import_of_a_missing_file_exits_2()
    {
        var result = await RunAsync("config", "import", "nowhere.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nowhere.json does not exist", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    /// <summary>Writes <paramref name="json"/> to <paramref name="file"/> in the working directory and imports it (merging).</summary>
    private async Task<CliResult> ImportAsync(string file, string json)
    {
        var path = Path.Combine(_workingDirectory.FullName, file);
        await File.WriteAllTextAsync(path, json);
        return await RunAsync("config", "import", path);
    }

    private Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private Task<CliResult> RunAsync(Dictionary<string, string> extra, params string[] args)
    {
        var variables = sandbox.Variables;
        variables["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(_workingDirectory.FullName, "cpqsync.db")}";
        foreach (var (key, value) in extra)
        {
            variables[key] = value;
        }

        return CliRun.InvokeAsync(args, variables, _workingDirectory.FullName);
    }

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
