using System.Net;
using CpqSync.Sandbox.Stripe;
using CpqSync.Storage;
using CpqSync.Web.Setup;

namespace CpqSync.Tests.Setup;

/// <summary>Step 1 of the wizard: connecting the org through its consent page, and a Stripe key checked before it is kept.</summary>
public sealed class AuthorizeStepTests
{
    [Fact]
    public async Task An_admin_connects_the_org_through_its_consent_page_and_the_refresh_token_is_kept_out_of_sight()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var start = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Salesforce", [new("LoginKind", "Configured")]);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var authorize = SetupSite.ContinueUrl(await start.Content.ReadAsStringAsync());
        Assert.Equal("/services/oauth2/authorize", authorize.AbsolutePath);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("code_verifier", authorize.Query, StringComparison.Ordinal);

        using var org = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var consent = await org.GetStringAsync(authorize);
        var answer = SetupSite.HiddenFields(consent);
        answer.Add(new("decision", "allow"));
        using var allowed = await org.PostAsync(new Uri(authorize, "/services/oauth2/authorize"), new FormUrlEncodedContent(answer));
        var callback = allowed.Headers.Location!;
        Assert.StartsWith(site.BaseUrl + "setup/salesforcecallback?", callback.ToString(), StringComparison.Ordinal);

        var connected = await browser.GetStringAsync(callback);
        var secrets = await site.SecretsAsync();
        var page = await browser.GetStringAsync(new Uri("Setup/Authorize", UriKind.Relative));

        Assert.Contains("id=\"salesforce-connected\"", connected, StringComparison.Ordinal);
        Assert.Contains(site.Sandbox.Salesforce.Credentials.Username, connected, StringComparison.Ordinal);
        var refreshToken = secrets[SetupSecrets.SalesforceRefreshToken];
        Assert.NotEmpty(refreshToken);
        Assert.StartsWith("00D", secrets[SetupSecrets.SalesforceOrgId], StringComparison.Ordinal);
        Assert.Contains(secrets[SetupSecrets.SalesforceOrgId], page, StringComparison.Ordinal);
        Assert.DoesNotContain(refreshToken, page + connected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_is_good_once_and_only_for_the_user_who_started_it()
    {
        await using var site = await SetupSite.StartAsync();
        using var ada = await site.SignInAsync(WebRole.Admin, "ada");
        using var eve = await site.SignInAsync(WebRole.Admin, "eve");
        using var start = await SetupSite.SubmitAsync(ada, "Setup/Authorize", "Salesforce", [new("LoginKind", "Configured")]);
        using var org = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var authorize = SetupSite.ContinueUrl(await start.Content.ReadAsStringAsync());
        var answer = SetupSite.HiddenFields(await org.GetStringAsync(authorize));
        answer.Add(new("decision", "allow"));
        using var allowed = await org.PostAsync(new Uri(authorize, "/services/oauth2/authorize"), new FormUrlEncodedContent(answer));
        var callback = allowed.Headers.Location!;

        var stolen = await eve.GetStringAsync(callback);
        var replayed = await ada.GetStringAsync(callback);

        Assert.Contains("was not started here", stolen, StringComparison.Ordinal);
        Assert.Contains("was not started here", replayed, StringComparison.Ordinal);
        Assert.False((await site.SecretsAsync()).ContainsKey(SetupSecrets.SalesforceRefreshToken));
    }

    [Fact]
    public async Task The_sandbox_key_is_checked_then_saved_and_the_page_names_the_account_and_mode()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var saved = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Stripe", [new("StripeKey", StripeSandboxOptions.DefaultSecretKey)]);
        var html = await saved.Content.ReadAsStringAsync();
        var secrets = await site.SecretsAsync();

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("acct_", html, StringComparison.Ordinal);
        Assert.Contains("test mode", html, StringComparison.Ordinal);
        Assert.DoesNotContain(StripeSandboxOptions.DefaultSecretKey, html, StringComparison.Ordinal);
        Assert.Equal(StripeSandboxOptions.DefaultSecretKey, secrets[SetupSecrets.StripeApiKey]);
    }

    [Theory]
    [InlineData("sk_test_notTheSandboxKey000000000000000000000", "Stripe refused the key")]
    [InlineData("pk_test_publishable", "Stripe key: enter a secret key")]
    public async Task A_key_Stripe_refuses_is_not_saved(string key, string message)
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var refused = await SetupSite.SubmitAsync(browser, "Setup/Authorize", "Stripe", [new("StripeKey", key)]);
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.DoesNotContain(key, html, StringComparison.Ordinal);
        var secrets = await site.SecretsAsync();
        Assert.Equal(StripeSandboxOptions.DefaultSecretKey, secrets[SetupSecrets.StripeApiKey]);
        Assert.False(secrets.ContainsKey(SetupSecrets.StripeAccountId));
    }

    [Fact]
    public async Task A_read_only_user_sees_the_step_disabled_and_cannot_save()
    {
        await using var site = await SetupSite.StartAsync();
        using var admin = await site.SignInAsync();
        using var reader = await site.SignInAsync(WebRole.ReadOnly, "rita");

        var page = await reader.GetStringAsync(new Uri("Setup/Authorize", UriKind.Relative));
        using var post = await SetupSite.SubmitAsync(reader, "Setup/Authorize", "Stripe", [new("StripeKey", StripeSandboxOptions.DefaultSecretKey)]);

        Assert.Contains("<fieldset disabled=\"disabled\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.False((await site.SecretsAsync()).ContainsKey(SetupSecrets.StripeAccountId));
    }

    [Fact]
    public async Task Anonymous_requests_and_posts_without_the_anti_forgery_token_are_refused()
    {
        await using var site = await SetupSite.StartAsync();
        using var anonymous = site.Anonymous();
        using var admin = await site.SignInAsync();

        using var page = await anonymous.GetAsync(new Uri("Setup/Authorize", UriKind.Relative));
        using var forged = await admin.PostAsync(
            new Uri("Setup/Authorize?handler=Stripe", UriKind.Relative),
            new FormUrlEncodedContent([new("StripeKey", StripeSandboxOptions.DefaultSecretKey)]));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
