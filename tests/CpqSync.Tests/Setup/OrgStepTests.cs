using System.Net;
using CpqSync.Core.Errors;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Setup;

/// <summary>The wizard's Org page: the facts detected from the org, Refresh, and every planner setting editable.</summary>
public sealed class OrgStepTests
{
    private const string Page = "setup/org";

    [Fact]
    public async Task The_page_shows_the_detected_org_facts_and_marks_the_settings_they_filled_in()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        var html = await browser.GetStringAsync(new Uri(Page, UriKind.Relative));

        Assert.Contains("<dd id=\"org-multi-currency\">On</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"org-corporate-currency\">USD</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"org-time-zone\">GMT</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"org-environment\">Sandbox, Enterprise Edition</dd>", html, StringComparison.Ordinal);
        Assert.Contains("installed, version 252.2.0.1", html, StringComparison.Ordinal);
        Assert.Contains("id=\"refresh-org\"", html, StringComparison.Ordinal);
        foreach (var setting in PlannerSettings.All)
        {
            Assert.Contains($"id=\"setting-{setting.Name}\"", html, StringComparison.Ordinal);
        }

        var document = (await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None)).Document;
        Assert.True(document.Mappings.Settings.MultiCurrencyEnabled);
        Assert.Equal("USD", document.Mappings.Settings.DefaultCurrency);
        Assert.Equal(3, CountOf(html, ">Detected</td>"));
    }

    [Fact]
    public async Task A_setting_the_admin_changes_is_kept_by_Refresh()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var fields = PlannerSettings.All.ToDictionary(s => $"Values[{s.Name}]", s => s.Format(new CpqSync.Core.Configuration.SyncSettings()));
        fields["Values[MultiCurrencyEnabled]"] = "true";
        fields["Values[DefaultCurrency]"] = "EUR";
        fields["Values[TimeZone]"] = "Europe/Paris";
        fields["Values[DefaultSubscriptionTerm]"] = "24";

        using var saved = await SetupSite.SubmitAsync(browser, Page, "Save", fields);
        Assert.Contains("Settings saved.", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var refreshed = await SetupSite.SubmitAsync(browser, Page, "Refresh", []);
        var html = await refreshed.Content.ReadAsStringAsync();

        Assert.Contains("Org facts refreshed.", html, StringComparison.Ordinal);
        var settings = (await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None)).Document.Mappings.Settings;
        Assert.Equal("EUR", settings.DefaultCurrency);
        Assert.Equal("Europe/Paris", settings.TimeZone.Id);
        Assert.Equal(24, settings.DefaultSubscriptionTerm);
        Assert.True(settings.MultiCurrencyEnabled);
        Assert.Equal(2, CountOf(html, ">Set by you</td>"));
    }

    [Fact]
    public async Task A_value_that_does_not_fit_is_marked_and_nothing_is_saved()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var before = await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None);

        using var response = await SetupSite.SubmitAsync(browser, Page, "Save",
            [new("Values[TimeZone]", "Mars/Olympus_Mons"), new("Values[MaxSchedulePhases]", "0")]);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Contains("is not a time zone this server knows", html, StringComparison.Ordinal);
        var after = await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task A_viewer_sees_the_facts_but_can_not_refresh_or_save()
    {
        await using var site = await SetupSite.StartAsync();
        using (await site.SignInAsync()) { }
        using var viewer = await site.SignInAsync(WebRole.ReadOnly, "vic");

        using var refresh = await SetupSite.SubmitAsync(viewer, Page, "Refresh", []);

        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public void The_default_currency_hint_names_the_page() =>
        Assert.Contains("/setup/org", ErrorHints.For(SyncErrorCode.DefaultCurrencyMissing), StringComparison.Ordinal);

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
