using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync demo</c>: no settings at all, an embedded sandbox, every demo order in the table.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_exits_0_when_every_order_ends_as_expected()
    {
        var result = await RunDemoAsync();

        Assert.True(result.ExitCode == 0, result.All);
        Assert.DoesNotContain("UNEXPECTED", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ orders: \d+ synced, \d+ failed as expected, 2 drafts left alone, 0 unexpected\.", result.Output);
    }

    [Fact]
    public async Task The_demo_lists_every_demo_order_and_the_bad_ones_fail_with_their_codes()
    {
        var result = await RunDemoAsync();

        Assert.Contains("Scenario", result.Output, StringComparison.Ordinal);
        foreach (var description in DemoDescriptions)
        {
            Assert.Contains(description.Length > 52 ? description[..51] : description, result.Output, StringComparison.Ordinal);
        }

        foreach (var code in new[] { "QUANTITY_NOT_INTEGER", "MIXED_BILLING_INTERVALS", "ORDER_NO_QUOTE", "MIXED_CURRENCIES" })
        {
            Assert.Matches($@"error {code}\s+-\s+as expected", result.Output);
        }

        Assert.Matches(@"Acme: platform, onboarding and API usage\s+synced\s+sub_sched_\w+\s+as expected", result.Output);
        Assert.Matches(@"Globex draft: premium support\s+not synced\s+-\s+as expected", result.Output);
        Assert.Matches(@"19 orders: \d+ synced, 7 failed as expected, 2 drafts left alone, \d+ unexpected\.", result.Output);
    }

    /// <summary>No settings at all, in an empty working directory that the demo must leave empty.</summary>
    private static async Task<CliResult> RunDemoAsync()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("cpqsync-demo-test-");
        try
        {
            var result = await CliRun.InvokeAsync(["demo"], new Dictionary<string, string>(), workingDirectory.FullName);
            Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory.FullName));
            return result;
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    /// <summary>A few of the seed's orders of each kind: valid, amendment, draft, deliberately invalid.</summary>
    private static readonly string[] DemoDescriptions =
    [
        "Acme: platform, onboarding and API usage",
        "Wayne: seats ramp over three years",
        "Acme amendment: +5 platform seats",
        "Globex draft: premium support",
        "Invalid (MIXED_BILLING_INTERVALS): monthly and annual lines",
        "Invalid (currency): amendment in EUR of a USD contract",
    ];
}
