using System.Diagnostics;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Sandbox.Tests.Stripe;

/// <summary>The official Node.js client (stripe-node 23), unchanged, runs <c>tests/conformance/stripe/conformance.mjs</c>.</summary>
public sealed class StripeNodeConformanceTests
{
    [Fact]
    public async Task Stripe_node_works_against_the_sandbox()
    {
        var root = RepositoryRoot();
        var conformance = Path.Combine(root, "tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(conformance, "node_modules", "stripe")),
            $"stripe-node is not installed: run `npm ci` in {conformance} (eng/test.sh does).");
        await using var server = await StripeSandboxServer.StartAsync(
            new StripeSandboxOptions { RequestsPerSecond = 1000 }, TimeProvider.System, CancellationToken.None);

        var start = new ProcessStartInfo("node", Path.Combine(conformance, "stripe", "conformance.mjs"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = conformance,
        };
        start.Environment["STRIPE_HOST"] = server.BaseUrl.Host;
        start.Environment["STRIPE_PORT"] = server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["STRIPE_SECRET_KEY"] = server.SecretKey;
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await node.WaitForExitAsync(timeout.Token);

        Assert.True(node.ExitCode == 0, $"stripe-node conformance failed:\n{await output}\n{await errors}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CpqSync.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CpqSync.slnx above {AppContext.BaseDirectory}.");
    }
}
