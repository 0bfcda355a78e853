using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Tests.Support;
using CpqSync.Web.Setup;

namespace CpqSync.Tests.Setup;

/// <summary>
/// <c>cpqsync serve</c> started with no Salesforce or Stripe settings: it runs, says <c>not connected</c> and what is
/// missing, no page answers 500, and what the wizard is then given (a separate org on loopback, as a customer's real
/// org) applies at once, without a restart.
/// </summary>
public sealed class StartWithNothingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly string[] Pages =
        ["", "setup", "setup/authorize", "setup/mapping", "setup/preferences", "orders", "orders/8015g0000000001AAA", "users"];

    [Fact]
    public async Task Healthz_answers_503_not_connected_naming_what_is_missing_and_no_page_answers_500()
    {
        await using var site = await SetupSite.StartWithNothingAsync();
        using var anonymous = site.Anonymous();
        using var browser = await site.SignInAsync();

        using var health = await anonymous.GetAsync(new Uri("healthz", UriKind.Relative));
        var json = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("not connected", (string?)json["status"]);
        var missing = json["missing"]!.AsArray().Select(m => (string?)m).ToList();
        Assert.Contains("Salesforce:ClientId", missing);
        Assert.Contains("Stripe:ApiKey", missing);
        Assert.Contains("/setup/authorize", await browser.GetStringAsync(new Uri("", UriKind.Relative)), StringComparison.Ordinal);
        foreach (var page in Pages)
        {
            using var response = await browser.GetAsync(new Uri(page, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{page} answered {(int)response.StatusCode}");
        }

        var mapping = WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri("setup/mapping", UriKind.Relative)));
        Assert.Contains("Salesforce is not connected yet", mapping, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_entered_in_the_wizard_apply_without_a_restart()
    {
        await using var site = await SetupSite.StartWithNothingAsync();
        using var browser = await site.SignInAsync();
        var salesforce = sandbox.Sandbox.Salesforce;

        using var refused = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Salesforce",
            [new("LoginKind", "CustomDomain"), new("CustomDomain", salesforce.BaseUrl.ToString()), new("ConsumerKey", "")]);
        Assert.Contains("Consumer key: enter", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var start = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Salesforce",
        [
            new("LoginKind", "CustomDomain"), new("CustomDomain", salesforce.BaseUrl.ToString()),
            new("ConsumerKey", salesforce.Credentials.ClientId), new("ConsumerSecret", salesforce.Credentials.ClientSecret),
        ]);
        var authorize = SetupSite.ContinueUrl(await start.Content.ReadAsStringAsync());
        using var org = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var answer = SetupSite.HiddenFields(await org.GetStringAsync(authorize));
        answer.Add(new("decision", "allow"));
        using var allowed = await org.PostAsync(new Uri(authorize, "/services/oauth2/authorize"), new FormUrlEncodedContent(answer));
        await browser.GetStringAsync(allowed.Headers.Location!);
        using var stripe = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Stripe",
            [new("StripeKey", sandbox.Sandbox.Stripe.SecretKey), new("StripeApiBase", sandbox.Sandbox.Stripe.BaseUrl.ToString())]);
        Assert.Equal(HttpStatusCode.OK, stripe.StatusCode);

        using var health = await browser.GetAsync(new Uri("healthz", UriKind.Relative));
        var json = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.True(health.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        Assert.Equal("set-up unfinished", (string?)json["state"]);
        Assert.StartsWith("00D", (string?)json["salesforce"]!["org_id"], StringComparison.Ordinal);
        var secrets = await site.SecretsAsync();
        Assert.Equal(salesforce.Credentials.ClientId, secrets[SetupSecrets.SalesforceClientId]);
        Assert.Equal(sandbox.Sandbox.Stripe.BaseUrl.ToString(), secrets[SetupSecrets.StripeApiBase]);
        var mapping = WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri("setup/mapping", UriKind.Relative)));
        Assert.DoesNotContain("not connected", mapping, StringComparison.Ordinal);
        var order = await browser.GetStringAsync(new Uri("orders/8015g0000000001AAA", UriKind.Relative));
        Assert.DoesNotContain("not connected yet", order, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_loopback_setting_an_http_login_url_is_refused_with_where_to_fix_it()
    {
        var (url, error) = SalesforceLogin.Resolve(SalesforceLoginKind.CustomDomain, "http://127.0.0.1:8443", null);
        var (allowed, _) = SalesforceLogin.Resolve(SalesforceLoginKind.CustomDomain, "http://127.0.0.1:8443", null, allowLoopback: true);

        Assert.Null(url);
        Assert.Contains("https://acme.my.salesforce.com", error, StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:8443/", allowed!.ToString());
    }
}
