using CpqSync.Tests.Support;

namespace CpqSync.Tests;

/// <summary><c>cpqsync preview order</c> reads Stripe: what the user sees when it cannot.</summary>
public sealed class PreviewStripeTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Acme = "Acme: platform, onboarding and API usage";

    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-cli-");

    [Fact]
    public async Task A_refused_stripe_key_is_one_line_naming_the_setting_and_never_the_key()
    {
        const string wrongKey = "sk_test_notthesandboxskey";
        var variables = sandbox.Variables;
        variables["CPQSYNC_Stripe__ApiKey"] = wrongKey;

        var result = await CliRun.InvokeAsync(["preview", "order", sandbox.Order(Acme)], variables, _workingDirectory.FullName);

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Stripe:ApiKey", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, result.All, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task An_unreachable_stripe_is_one_line_naming_the_api_base()
    {
        var variables = sandbox.Variables;
        // A closed loopback port: the connection is refused at once.
        variables["CPQSYNC_Stripe__ApiBase"] = "http://127.0.0.1:9";
        variables["CPQSYNC_Stripe__MaxRetryAttempts"] = "0";

        var result = await CliRun.InvokeAsync(["preview", "order", sandbox.Order(Acme)], variables, _workingDirectory.FullName);

        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("Stripe is unreachable", line, StringComparison.Ordinal);
        Assert.Contains("Stripe:ApiBase", line, StringComparison.Ordinal);
    }

    public void Dispose() => _workingDirectory.Delete(recursive: true);
}
