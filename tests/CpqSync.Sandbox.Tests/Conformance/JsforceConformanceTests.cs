using System.Diagnostics;
using CpqSync.Sandbox.Salesforce;

namespace CpqSync.Sandbox.Tests.Conformance;

/// <summary>The official jsforce client, unchanged, against the Salesforce sandbox (tests/conformance/jsforce).</summary>
public class JsforceConformanceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Jsforce_logs_in_queries_pages_writes_and_describes_against_the_sandbox()
    {
        var conformance = Path.Combine(RepositoryRoot(), "tests", "conformance");
        var jsforce = Path.Combine(conformance, "node_modules", "jsforce");
        Assert.True(Directory.Exists(jsforce),
            $"jsforce is not installed in {conformance}: run `npm ci` there (eng/test.sh does) before the conformance suite.");
        await using var server = await SalesforceSandboxServer.StartAsync(
            new SalesforceSandboxOptions(), TimeProvider.System, CancellationToken.None);
        var start = new ProcessStartInfo("node", [Path.Combine(conformance, "jsforce", "conformance.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = conformance,
            Environment =
            {
                ["SF_LOGIN_URL"] = server.BaseUrl.ToString().TrimEnd('/'),
                ["SF_CLIENT_ID"] = server.Credentials.ClientId,
                ["SF_CLIENT_SECRET"] = server.Credentials.ClientSecret,
                ["SF_USERNAME"] = server.Credentials.Username,
                ["SF_PASSWORD"] = server.Credentials.Password,
            },
        };

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"jsforce conformance did not finish within {Limit}:\n{await stdout}\n{await stderr}");
        }

        var output = $"{await stdout}\n{await stderr}";
        Assert.True(node.ExitCode == 0, $"jsforce conformance failed (exit {node.ExitCode}):\n{output}");
        Assert.Contains("checks passed", output, StringComparison.Ordinal);
    }

    /// <summary>The directory holding CpqSync.slnx, found by walking up from the test binaries.</summary>
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
