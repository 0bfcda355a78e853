using System.Net;
using System.Text.RegularExpressions;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Filters;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Setup;

/// <summary>Step 3 of the wizard: filter rows compiled safely, retention, polling interval and live sync.</summary>
public sealed partial class PreferencesStepTests
{
    private const string Page = "Setup/Preferences";

    [Fact]
    public async Task A_new_connection_syncs_activated_orders_and_shows_the_compiled_condition()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        var html = await browser.GetStringAsync(new Uri(Page, UriKind.Relative));

        Assert.Equal("(Status = 'Activated')", Compiled(html));
        Assert.Contains("value=\"Status\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_preferences_are_kept_in_the_connection_document_and_live_sync_turns_on()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        // The first time live sync turns on, the start is confirmed on the first-sync question (below).
        using var saved = await SetupSite.SubmitAsync(browser, Page, "StartLiveSync", Form(
            ("History", "Since"), ("HistorySince", "2026-01-01"), ("Retention", "5"), ("PollingSeconds", "60"), ("LiveSync", "true"),
            ("Filters[0].ObjectName", "Order"), ("Filters[0].Field", "Status"), ("Filters[0].Operator", "EqualTo"), ("Filters[0].Value", "Activated"),
            ("Filters[1].ObjectName", "Account"), ("Filters[1].Field", "Name"), ("Filters[1].Operator", "NotIn"), ("Filters[1].Value", "Test Co, Demo Co")));
        var html = await saved.Content.ReadAsStringAsync();
        var document = (await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None)).Document;

        Assert.Contains("Live sync is on", html, StringComparison.Ordinal);
        Assert.Equal(
            "(ActivatedDate >= 2026-01-01T00:00:00Z) AND (Status = 'Activated') AND (Account.Name NOT IN ('Test Co', 'Demo Co'))",
            Compiled(html));
        Assert.True(document.LiveSync);
        Assert.Equal(5, document.SyncRecordRetention);
        Assert.Equal(TimeSpan.FromMinutes(1), document.PollingInterval);
        Assert.Equal(new DateOnly(2026, 1, 1), document.Preferences.StartDate);
        Assert.Equal(
            [new FilterRow("Order", "Status", FilterOperator.EqualTo, "Activated"), new FilterRow("Account", "Name", FilterOperator.NotIn, "Test Co, Demo Co")],
            document.Preferences.Filters.Select(FilterRow.From));
    }

    [Fact]
    public async Task Turning_live_sync_on_the_first_time_asks_where_it_starts_with_the_count_and_saves_nothing_until_confirmed()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var connection = site.Services.GetRequiredService<SetupConnection>();
        var before = await connection.LoadAsync(CancellationToken.None);
        var today = LiveSyncStart.Today(before.Document, TimeProvider.System);
        var salesforce = site.Services.GetRequiredService<SalesforceClient>();
        var activated = await salesforce.CountAsync(Soql.Query($"SELECT COUNT() FROM Order WHERE ActivatedDate != null AND Status = {"Activated"}"));
        var since = Form(
            ("Retention", "20"), ("PollingSeconds", "30"), ("LiveSync", "true"),
            ("Filters[0].ObjectName", "Order"), ("Filters[0].Field", "Status"), ("Filters[0].Operator", "EqualTo"), ("Filters[0].Value", "Activated"));

        using var asked = await SetupSite.SubmitAsync(browser, Page, "Save", since);
        var askedHtml = WebUtility.HtmlDecode(await asked.Content.ReadAsStringAsync());
        Assert.Contains("id=\"first-sync\"", askedHtml, StringComparison.Ordinal);
        Assert.Contains("Live sync is not on yet: choose where it starts", askedHtml, StringComparison.Ordinal);
        Assert.Matches($"id=\"history-count\">\\d+ orders? activated since {today:yyyy-MM-dd} match", askedHtml);
        Assert.Equal(before.Version, (await connection.LoadAsync(CancellationToken.None)).Version);

        using var counted = await SetupSite.SubmitAsync(browser, Page, "CountHistory", [.. since, .. Form(("History", "Since"), ("HistorySince", "2000-01-01"))]);
        var countedHtml = WebUtility.HtmlDecode(await counted.Content.ReadAsStringAsync());
        Assert.Contains($"id=\"history-count\">{activated:N0} orders activated since 2000-01-01 match the filters", countedHtml, StringComparison.Ordinal);
        Assert.False((await connection.LoadAsync(CancellationToken.None)).Document.LiveSync);

        using var started = await SetupSite.SubmitAsync(browser, Page, "StartLiveSync", [.. since, .. Form(("History", "Today"), ("HistorySince", "2000-01-01"))]);
        var startedHtml = await started.Content.ReadAsStringAsync();
        var document = (await connection.LoadAsync(CancellationToken.None)).Document;
        Assert.Contains($"Live sync is on, from {today:yyyy-MM-dd}.", startedHtml, StringComparison.Ordinal);
        Assert.True(document.LiveSync);
        Assert.Equal(today, document.Preferences.StartDate);

        // Off and on again: the start date stands, nothing is asked.
        var kept = Form(("StartDate", $"{today:yyyy-MM-dd}"), ("Retention", "20"), ("PollingSeconds", "30"));
        using var off = await SetupSite.SubmitAsync(browser, Page, "Save", kept);
        Assert.False((await connection.LoadAsync(CancellationToken.None)).Document.LiveSync);
        using var on = await SetupSite.SubmitAsync(browser, Page, "Save", [.. kept, .. Form(("LiveSync", "true"))]);
        Assert.DoesNotContain("id=\"first-sync\"", await on.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await connection.LoadAsync(CancellationToken.None)).Document.LiveSync);
    }

    [Fact]
    public async Task The_dashboards_turn_on_button_sends_a_first_sync_to_the_question()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var turnOn = await SetupSite.SubmitAsync(browser, "/", "LiveSync", Form(("on", "true")));

        Assert.Equal(HttpStatusCode.Redirect, turnOn.StatusCode);
        Assert.Equal("/setup/preferences?FirstSync=True", turnOn.Headers.Location!.OriginalString, ignoreCase: true);
        var html = await browser.GetStringAsync(turnOn.Headers.Location);
        Assert.Contains("id=\"first-sync\"", html, StringComparison.Ordinal);
        Assert.False((await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None)).Document.LiveSync);
    }

    [Fact]
    public async Task Hostile_text_in_a_filter_value_stays_one_escaped_literal_and_matches_nothing_extra()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        const string hostile = "' OR Name != '";

        using var checkedRows = await SetupSite.SubmitAsync(browser, Page, "Check", Form(
            ("Filters[0].ObjectName", "Order"), ("Filters[0].Field", "Name"), ("Filters[0].Operator", "EqualTo"), ("Filters[0].Value", hostile)));
        var compiled = Compiled(await checkedRows.Content.ReadAsStringAsync());
        var salesforce = site.Services.GetRequiredService<SalesforceClient>();
        var condition = SyncFilterCompiler.Compile(SyncFilter.Create("Order", "Name", FilterOperator.EqualTo, hostile));
        var matched = await salesforce.QueryPageAsync(Soql.Query($"SELECT Id FROM Order WHERE {condition}"));
        var all = await salesforce.QueryPageAsync(Soql.Query($"SELECT Id FROM Order"));

        Assert.Equal(@"(Name = '\' OR Name != \'')", compiled);
        Assert.Equal(condition.Text, compiled);
        Assert.Empty(matched.Records);
        Assert.NotEmpty(all.Records);
    }

    [Fact]
    public async Task A_row_that_does_not_fit_the_org_is_marked_and_nothing_is_saved()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var before = await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None);

        using var refused = await SetupSite.SubmitAsync(browser, Page, "Save", Form(
            ("Retention", "20"), ("PollingSeconds", "30"),
            ("Filters[0].ObjectName", "Order"), ("Filters[0].Field", "Nope__c"), ("Filters[0].Operator", "EqualTo"), ("Filters[0].Value", "x"),
            ("Filters[1].ObjectName", "Order"), ("Filters[1].Field", "TotalAmount"), ("Filters[1].Operator", "GreaterThan"), ("Filters[1].Value", "lots")));
        var html = await refused.Content.ReadAsStringAsync();
        var after = await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None);

        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Contains("id=\"filter-error-0\" class=\"error\">Order has no field &#x27;Nope__c&#x27;.", html, StringComparison.Ordinal);
        Assert.Contains("id=\"filter-error-1\" class=\"error\">the text &#x27;lots&#x27; does not fit TotalAmount", html, StringComparison.Ordinal);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Saving_over_someone_elses_newer_save_says_so_and_keeps_theirs()
    {
        await using var site = await SetupSite.StartAsync();
        using var ada = await site.SignInAsync(WebRole.Admin, "ada");
        using var bob = await site.SignInAsync(WebRole.Admin, "bob");
        var adaPage = await ada.GetStringAsync(new Uri(Page, UriKind.Relative));
        using var bobSaves = await SetupSite.SubmitAsync(bob, Page, "Save", Form(("Retention", "7"), ("PollingSeconds", "30")));

        var version = VersionPattern().Match(adaPage).Groups[1].Value;
        using var adaSaves = await ada.PostAsync(new Uri(Page + "?handler=Save", UriKind.Relative), new FormUrlEncodedContent(
            Form(("Version", version), ("Retention", "3"), ("PollingSeconds", "30"), ("__RequestVerificationToken", SetupSite.Token(adaPage)))));
        var html = await adaSaves.Content.ReadAsStringAsync();
        var kept = (await site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None)).Document;

        Assert.Equal(HttpStatusCode.OK, adaSaves.StatusCode);
        Assert.Contains("Someone else saved the setup", html, StringComparison.Ordinal);
        Assert.Equal(7, kept.SyncRecordRetention);
    }

    private static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        [.. fields.Select(static f => new KeyValuePair<string, string>(f.Name, f.Value))];

    private static string Compiled(string html) =>
        WebUtility.HtmlDecode(CompiledPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("<pre id=\"compiled-soql\"[^>]*>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex CompiledPattern();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();
}
