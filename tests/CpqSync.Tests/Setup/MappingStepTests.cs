using System.Net;
using System.Text.RegularExpressions;
using CpqSync.Engine.Connections;
using CpqSync.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Tests.Setup;

/// <summary>Step 2 of the wizard: rows validated against the org, a live preview on a sample order, optimistic saves.</summary>
public sealed partial class MappingStepTests
{
    private const string Page = "Setup/Mapping?key=customer";

    [Fact]
    public async Task The_customer_step_lists_the_built_in_mappings_and_offers_fields_through_lookups()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        var html = await browser.GetStringAsync(new Uri(Page, UriKind.Relative));

        Assert.Contains("<td><code>name</code></td>", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Name\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Owner.Email\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metadata_row_shows_in_the_preview_of_a_sample_order_without_being_saved()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var before = await Load(site);

        using var previewed = await SetupSite.SubmitAsync(browser, Page, "Preview", [new("Metadata[0].Destination", "account_owner"), new("Metadata[0].Value", "Owner.Email")]);
        var html = await previewed.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var mapped = MappedPattern().Match(html);
        Assert.True(mapped.Success, "The preview shows no mapped parameter.");
        Assert.Equal("metadata[account_owner]", mapped.Groups[1].Value);
        Assert.Contains("@", WebUtility.HtmlDecode(mapped.Groups[2].Value), StringComparison.Ordinal);
        Assert.Contains("POST /v1/customers", html, StringComparison.Ordinal);
        Assert.Equal(before.Version, (await Load(site)).Version);
    }

    [Fact]
    public async Task Each_row_at_fault_is_marked_beside_it_and_nothing_is_saved()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();
        var before = await Load(site);

        using var refused = await SetupSite.SubmitAsync(browser, Page, "Save",
        [
            new("Defaults[0].Destination", "tax_exempt"), new("Defaults[0].Value", "sometimes"),
            new("Mappings[0].Destination", "customer"), new("Mappings[0].Value", "Name"),
            new("Metadata[0].Destination", "region"), new("Metadata[0].Value", "Nope__c"),
        ]);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Matches("id=\"defaults-error-0\" class=\"error\">[^<]*tax_exempt", html);
        Assert.Matches("id=\"mappings-error-0\" class=\"error\">[^<]*customer", html);
        Assert.Matches("id=\"metadata-error-0\" class=\"error\">[^<]*Nope__c", html);
        Assert.Equal(before.Version, (await Load(site)).Version);
    }

    [Fact]
    public async Task Saved_rows_land_in_the_connection_document_and_show_again()
    {
        await using var site = await SetupSite.StartAsync();
        using var browser = await site.SignInAsync();

        using var saved = await SetupSite.SubmitAsync(browser, Page, "Save",
        [
            new("Defaults[0].Destination", "metadata.Source"), new("Defaults[0].Value", "Salesforce"),
            new("Mappings[0].Destination", "phone"), new("Mappings[0].Value", "Phone"),
            new("Metadata[0].Destination", "account_owner"), new("Metadata[0].Value", "Owner.Email"),
        ]);
        var html = await saved.Content.ReadAsStringAsync();
        var mappings = (await Load(site)).Document.Mappings;
        var again = await browser.GetStringAsync(new Uri(Page, UriKind.Relative));

        Assert.Contains("Mappings for customer saved.", html, StringComparison.Ordinal);
        Assert.Equal("Salesforce", mappings.FieldDefaults["customer"]["metadata.Source"]);
        Assert.Equal("Phone", mappings.FieldMappings["customer"]["phone"]);
        Assert.Equal("Owner.Email", mappings.FieldMappings["customer"]["metadata.account_owner"]);
        Assert.Contains("value=\"account_owner\"", again, StringComparison.Ordinal);
    }

    private static Task<StoredConnectionDocument> Load(SetupSite site) =>
        site.Services.GetRequiredService<SetupConnection>().LoadAsync(CancellationToken.None);

    [GeneratedRegex("<tr class=\"mapped\">\\s*<td><code>([^<]+)</code>.*?</td>\\s*<td>([^<]*)</td>", RegexOptions.Singleline)]
    private static partial Regex MappedPattern();
}
