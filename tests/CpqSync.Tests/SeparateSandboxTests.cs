using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary>
/// <c>cpqsync sandbox</c> started on its own and treated as a customer's org and Stripe account: CpqSync is given only
/// the credentials, in <c>CPQSYNC_</c> variables, and no configuration file; everything else it learns from the org.
/// </summary>
public sealed class SeparateSandboxTests
{
    private const string Globex = "Globex: analytics through the partner price book"; // billed in EUR
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Sync_order_with_credentials_only_syncs_a_multi_currency_order_in_its_currency()
    {
        var directory = Directory.CreateTempSubdirectory("cpqsync-separate-");
        try
        {
            using var sandbox = CpqSyncProcess.Start(
                new Dictionary<string, string>(), directory.FullName, "sandbox", "--salesforce-port", "0", "--stripe-port", "0", "--seed", "demo");
            await sandbox.WaitForOutputAsync("Press Ctrl+C to stop.", Startup);
            var banner = sandbox.Output;
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["CPQSYNC_Salesforce__LoginUrl"] = Printed(banner, "Login URL"),
                ["CPQSYNC_Salesforce__Flow"] = "UsernamePassword",
                ["CPQSYNC_Salesforce__ClientId"] = Printed(banner, "Client ID"),
                ["CPQSYNC_Salesforce__ClientSecret"] = Printed(banner, "Client secret"),
                ["CPQSYNC_Salesforce__Username"] = Printed(banner, "Username"),
                ["CPQSYNC_Salesforce__Password"] = Printed(banner, "Password"),
                ["CPQSYNC_Stripe__ApiBase"] = Printed(banner, "API base URL"),
                ["CPQSYNC_Stripe__ApiKey"] = Printed(banner, "Secret key"),
                ["CPQSYNC_Storage__Provider"] = "sqlite",
                ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(directory.FullName, "cpqsync.db")}",
            };
            var orderId = await OrderIdAsync(variables, Globex);

            var result = await CliRun.InvokeAsync(["sync", "order", orderId, "--json"], variables, directory.FullName);

            Assert.True(result.ExitCode == 0, result.All);
            var outcome = JsonNode.Parse(result.Output)!;
            Assert.Equal("succeeded", (string?)outcome["status"]);
            using var stripe = new HttpClient { BaseAddress = new Uri(variables["CPQSYNC_Stripe__ApiBase"]) };
            stripe.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", variables["CPQSYNC_Stripe__ApiKey"]);
            var schedules = await stripe.GetFromJsonAsync<JsonObject>("v1/subscription_schedules");
            Assert.Single(schedules!["data"]!.AsArray());
            var prices = await stripe.GetFromJsonAsync<JsonObject>("v1/prices?limit=100");
            Assert.NotEmpty(prices!["data"]!.AsArray());
            Assert.All(prices["data"]!.AsArray(), p => Assert.Equal("eur", (string?)p!["currency"]));

            var export = await CliRun.InvokeAsync(["config", "export", "-"], variables, directory.FullName);
            var document = JsonNode.Parse(export.Output)!;
            Assert.True((bool)document["settings"]!["multi_currency_enabled"]!);
            Assert.Equal("USD", (string?)document["settings"]!["default_currency"]);
            Assert.True((bool)document["org"]!["multi_currency"]!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_single_currency_org_syncs_in_its_one_currency_with_credentials_only()
    {
        await using var sandbox = await SandboxPair.StartAsync("demo-single-currency");
        var orderId = sandbox.Salesforce.Org.Records("Order", includeDeleted: false)
            .Single(r => (string?)r["Description"] == "Stark: platform (valid initial order)").Id;

        var result = await CliRun.InvokeAsync(["sync", "order", orderId, "--json"], sandbox.Variables, sandbox.Directory.FullName);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("succeeded", (string?)JsonNode.Parse(result.Output)!["status"]);
        var prices = await sandbox.StripeObjects.ListAsync("prices");
        Assert.NotEmpty(prices);
        Assert.All(prices, p => Assert.Equal("usd", (string?)p["currency"]));
        var export = await CliRun.InvokeAsync(["config", "export", "-"], sandbox.Variables, sandbox.Directory.FullName);
        var document = JsonNode.Parse(export.Output)!;
        Assert.False((bool)document["settings"]!["multi_currency_enabled"]!);
        Assert.Equal("USD", (string?)document["settings"]!["default_currency"]);
        Assert.False((bool)document["org"]!["multi_currency"]!);
    }

    private static string Printed(string output, string label) => Regex.Match(output, $@"{label}:\s+(\S+)").Groups[1].Value;

    private static async Task<string> OrderIdAsync(Dictionary<string, string> variables, string description)
    {
        using var http = new HttpClient { BaseAddress = new Uri(variables["CPQSYNC_Salesforce__LoginUrl"]) };
        using var token = await http.PostAsync("services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = variables["CPQSYNC_Salesforce__ClientId"],
            ["client_secret"] = variables["CPQSYNC_Salesforce__ClientSecret"],
            ["username"] = variables["CPQSYNC_Salesforce__Username"],
            ["password"] = variables["CPQSYNC_Salesforce__Password"],
        }));
        var session = (await token.Content.ReadFromJsonAsync<JsonObject>())!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)session["access_token"]!);
        var orders = await http.GetFromJsonAsync<JsonObject>($"{SandboxApi.DataPath}query?q=SELECT+Id,Description+FROM+Order");
        return orders!["records"]!.AsArray().Single(r => (string?)r!["Description"] == description)!["Id"]!.GetValue<string>();
    }
}
