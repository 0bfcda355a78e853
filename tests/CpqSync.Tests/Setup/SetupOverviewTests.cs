using System.Net;
using System.Text.RegularExpressions;

namespace CpqSync.Tests.Setup;

/// <summary>The wizard's start page: where each step stands, each one re-runnable on its own.</summary>
public sealed class SetupOverviewTests
{
    [Fact]
    public async Task The_overview_links_the_three_steps_and_says_where_each_stands()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        var html = Regex.Replace(WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri("setup", UriKind.Relative))), @"\s+", " ");

        Assert.Contains("href=\"/setup/authorize\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/setup/mapping\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/setup/preferences\"", html, StringComparison.Ordinal);
        // serve --sandbox gives its credentials as a customer would: the overview says the truth, connected.
        Assert.Contains("Connection: <strong>set-up unfinished</strong>.", html, StringComparison.Ordinal);
        Assert.Contains("Salesforce: connected to org 00D", html, StringComparison.Ordinal);
        Assert.Contains("Stripe: the key works, account acct_", html, StringComparison.Ordinal);
        Assert.Contains("1 filter(s); Sync Records kept: 20; polling every 30 s; live sync off.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_stripe_object_is_not_a_mapping_page()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var missing = await browser.GetAsync(new Uri("setup/mapping?key=charge", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
