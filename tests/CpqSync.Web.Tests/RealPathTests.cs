using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CpqSync.Tests.Support;
using CpqSync.Web.Tests.Support;
using Microsoft.Playwright;

namespace CpqSync.Web.Tests;

/// <summary>
/// The real path, end to end: <c>cpqsync sandbox --seed demo</c> started on its own and treated as a customer's org and
/// Stripe account; <c>cpqsync serve</c> started with no Salesforce or Stripe settings and an empty store; then, in the
/// browser, everything a customer does: create the admin, enter the login URL and the connected app's consumer key and
/// secret, connect through the org's consent page, enter the Stripe key, turn live sync on. An order activated through
/// the Salesforce API reaches Success and its schedule is in Stripe, with no restart anywhere. Both run as their own
/// processes: the admin's set-up code is read off serve's console, as the operator reads it.
/// </summary>
public sealed partial class RealPathTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "a long enough secret";
    private const string Draft = "Acme draft: analytics";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("cpqsync-realpath-");
    private CpqSyncProcess? _sandbox;
    private CpqSyncProcess? _serve;

    [Fact]
    public Task From_a_first_serve_with_nothing_to_a_synced_order_on_a_separately_started_org() =>
        FromNothingToASyncedOrderAsync("demo", "multi-currency on, corporate currency USD", "real-path");

    [Fact]
    public Task From_a_first_serve_with_nothing_to_a_synced_order_on_a_separately_started_single_currency_org() =>
        FromNothingToASyncedOrderAsync("demo-single-currency", "multi-currency off, corporate currency USD", "real-path-single-currency");

    /// <param name="seed">The sandbox's seed (<c>cpqsync sandbox --seed …</c>).</param>
    /// <param name="detected">What the wizard shows it detected of the org once Salesforce is connected.</param>
    /// <param name="screenshots">The screenshots' name prefix.</param>
    private async Task FromNothingToASyncedOrderAsync(string seed, string detected, string screenshots)
    {
        var org = await StartSandboxAsync(seed);
        var (baseUrl, setupCode) = await StartServeWithNothingAsync();
        using (var anonymous = new HttpClient { BaseAddress = baseUrl })
        {
            using var health = await anonymous.GetAsync(new Uri("healthz", UriKind.Relative));
            Assert.Equal(503, (int)health.StatusCode);
        }

        var page = await browser.NewPageAsync(baseUrl);
        await page.GotoAsync("/");
        await SignIn.CreateAdminAsync(page, "ada", Password, setupCode);
        Assert.Equal("not connected", await page.Locator("#connection-state").TextContentAsync());
        await Screenshots.SaveAsync(page, $"{screenshots}-0-not-connected");

        // Authorize: the org's login URL and CpqSync's connected app, then the org's consent page.
        await page.Locator("#next-step a").ClickAsync();
        await page.GetByLabel("My Domain or loopback URL").CheckAsync();
        await page.GetByLabel("My Domain login URL").FillAsync(org.LoginUrl);
        await page.GetByLabel("Consumer key").FillAsync(org.ClientId);
        await page.GetByLabel("Consumer secret").FillAsync(org.ClientSecret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Salesforce" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to Salesforce" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Allow Access?" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow", Exact = true }).ClickAsync();
        await page.Locator("#salesforce-connected").WaitForAsync();

        // The org facts, detected on connect (nothing is pre-configured): shown on the callback page and the Org page.
        Assert.Contains(detected, await page.Locator("#org-detected").TextContentAsync(), StringComparison.Ordinal);

        // The Stripe account: its key and (loopback endpoints allowed) its API base.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to Authorize" }).ClickAsync();
        await page.GetByLabel("Secret key (sk_…) or restricted key (rk_…)").FillAsync(org.StripeKey);
        await page.GetByLabel("Stripe API base").FillAsync(org.StripeApiBase);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check and save key" }).ClickAsync();
        Assert.Contains("the key works", await page.Locator("#stripe-status").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Connected to org", await page.Locator("#salesforce-status").TextContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(page, $"{screenshots}-1-authorize");

        // Live sync on, from the dashboard, which says the set-up is unfinished until it is: the first time, the wizard asks
        // where live sync starts ("from today"). The polling interval is the preferences page's, shortened for the test.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        Assert.Equal("set-up unfinished", await page.Locator("#connection-state").TextContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).ClickAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Where live sync starts" }).WaitForAsync();
        await page.GetByLabel("Polling interval (seconds)").FillAsync("1");
        await page.Locator("#history-today").CheckAsync();
        await Screenshots.SaveAsync(page, $"{screenshots}-2-first-sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn live sync on" }).ClickAsync();
        Assert.Matches(@"Live sync is on, from \d{4}-\d{2}-\d{2}\.", await page.Locator("#preferences-saved").TextContentAsync() ?? "");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await page.Locator("#live-state").Filter(new() { HasText = "On" }).WaitForAsync();

        // An order activated in Salesforce, as a user there would: Success on the dashboard, its schedule in Stripe.
        var orderId = await org.ActivateAsync(Draft);
        var row = await DashboardOutcomes.WaitForSuccessAsync(page, orderId, TimeSpan.FromMinutes(3));

        Assert.Equal("connected", await page.Locator("#connection-state").TextContentAsync());
        await Screenshots.SaveAsync(page, $"{screenshots}-3-synced");
        await row.First.Locator($"a[href='/orders/{orderId}']").ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Stripe objects" }).WaitForAsync();
        var schedule = ScheduleId().Match(await page.Locator("body").TextContentAsync() ?? "").Value;
        Assert.NotEmpty(schedule);
        var inStripe = await org.StripeGetAsync($"v1/subscription_schedules/{schedule}");
        Assert.Equal(schedule, (string?)inStripe["id"]);
        Assert.Equal(orderId, (string?)inStripe["metadata"]?.AsObject().FirstOrDefault(m => m.Key.EndsWith("order_id", StringComparison.OrdinalIgnoreCase)).Value);
    }

    /// <summary><c>cpqsync sandbox --seed …</c> as its own process; what it prints is what a customer has of a real org.</summary>
    private async Task<SandboxOrg> StartSandboxAsync(string seed)
    {
        _sandbox = CpqSyncProcess.Start(
            new Dictionary<string, string>(), _directory.FullName, "sandbox", "--seed", seed, "--salesforce-port", "0", "--stripe-port", "0");
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        while (!_sandbox.Output.Contains("Secret key:", StringComparison.Ordinal))
        {
            Assert.False(_sandbox.HasExited, $"cpqsync sandbox stopped: {_sandbox.Error}");
            Assert.True(DateTimeOffset.UtcNow < deadline, $"cpqsync sandbox printed no credentials: {_sandbox.Output}");
            await Task.Delay(200);
        }

        var output = _sandbox.Output;
        string Printed(string label) => Regex.Match(output, $@"^\s*{Regex.Escape(label)}:\s+(\S+)\s*$", RegexOptions.Multiline).Groups[1].Value;
        return new SandboxOrg(
            Printed("Login URL"), Printed("Client ID"), Printed("Client secret"), Printed("Username"), Printed("Password"),
            Printed("API base URL"), Printed("Secret key"));
    }

    /// <summary>
    /// <c>cpqsync serve</c> as its own process with no Salesforce or Stripe settings (where to listen, where to store, loopback
    /// endpoints allowed); returns where it runs and the set-up code it printed, both read off its console.
    /// </summary>
    private async Task<(Uri BaseUrl, string SetupCode)> StartServeWithNothingAsync()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CPQSYNC_Storage__ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "cpqsync.db")}",
            ["CPQSYNC_Setup__AllowLoopbackEndpoints"] = "true",
            ["CPQSYNC_Logging__LogLevel__Default"] = "Warning",
        };
        _serve = CpqSyncProcess.Start(variables, _directory.FullName, "serve", "--urls", "http://127.0.0.1:0");
        await _serve.WaitForOutputAsync("Press Ctrl+C to stop.", TimeSpan.FromMinutes(1));
        await _serve.WaitForOutputAsync("one-time set-up code ", TimeSpan.FromSeconds(30));
        var output = _serve.Output;
        return (
            new Uri(Regex.Match(output, @"CpqSync is running at (\S+)").Groups[1].Value),
            Regex.Match(output, @"one-time set-up code (\S+)").Groups[1].Value);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.KillAsync();
            _serve.Dispose();
        }

        if (_sandbox is not null)
        {
            await _sandbox.KillAsync();
            _sandbox.Dispose();
        }

        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still hold the file; the directory is in the system's temp folder.
        }
    }

    [GeneratedRegex("sub_sched_[A-Za-z0-9]+")]
    private static partial Regex ScheduleId();

    /// <summary>What <c>cpqsync sandbox</c> printed: the org's login URL and connected app, its API user, the Stripe key and base.</summary>
    private sealed record SandboxOrg(
        string LoginUrl, string ClientId, string ClientSecret, string Username, string Password, string StripeApiBase, string StripeKey)
    {
        /// <summary>Activates a demo draft order through the REST API, as a user in Salesforce would; returns its id.</summary>
        public async Task<string> ActivateAsync(string description)
        {
            using var http = new HttpClient();
            using var token = await http.PostAsync($"{LoginUrl.TrimEnd('/')}/services/oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["client_id"] = ClientId,
                ["client_secret"] = ClientSecret,
                ["username"] = Username,
                ["password"] = Password,
            }));
            var session = (await token.Content.ReadFromJsonAsync<JsonObject>())!;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)session["access_token"]!);
            var instance = (string)session["instance_url"]!;
            // Description is a long text area, which SOQL can't filter on: read them all.
            var found = await http.GetFromJsonAsync<JsonObject>($"{instance}/services/data/v62.0/query?q=SELECT+Id,Description+FROM+Order");
            var id = (string)found!["records"]!.AsArray().Single(r => (string?)r!["Description"] == description)!["Id"]!;
            using var response = await http.PatchAsJsonAsync($"{instance}/services/data/v62.0/sobjects/Order/{id}", new JsonObject { ["Status"] = "Activated" });
            response.EnsureSuccessStatusCode();
            return id;
        }

        public async Task<JsonObject> StripeGetAsync(string path)
        {
            using var http = new HttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StripeKey);
            return (await http.GetFromJsonAsync<JsonObject>(new Uri(new Uri(StripeApiBase.TrimEnd('/') + "/"), path)))!;
        }
    }
}
