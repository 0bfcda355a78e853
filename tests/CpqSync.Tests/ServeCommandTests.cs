using System.CommandLine;
using System.Net;
using System.Text.RegularExpressions;
using CpqSync.Cli;
using CpqSync.Hosting;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Tests;

/// <summary><c>cpqsync serve --sandbox</c> through the host's entry point, stopped as Ctrl+C stops it.</summary>
public sealed partial class ServeCommandTests : IDisposable
{
    private readonly DirectoryInfo _workingDirectory = Directory.CreateTempSubdirectory("cpqsync-serve-cli-");

    [Fact]
    public async Task Serve_prints_where_it_runs_answers_until_stopped_and_exits_0()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var environment = new CliEnvironment(
            new Dictionary<string, string> { ["CPQSYNC_Logging__LogLevel__Default"] = "Warning" }, _workingDirectory.FullName);
        using var stop = new CancellationTokenSource();
        var run = CpqSyncCommandLine.InvokeAsync(
            ["serve", "--sandbox", "--urls", "http://127.0.0.1:0"], environment, configuration, TimeProvider.System, stop.Token);

        var url = await WaitForUrlAsync(output, run);
        using var http = new HttpClient { BaseAddress = url };
        using var health = await http.GetAsync("/healthz");
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.Contains("Live sync:     on", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"Salesforce sandbox: http://127\.0\.0\.1:\d+", output.ToString());
        Assert.Contains("Stopping.", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(StripeSandboxOptions.DefaultSecretKey, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task Serve_on_an_address_in_use_says_so_in_one_line_and_exits_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = await Support.CliRun.InvokeAsync(
            ["serve", "--sandbox", "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>(), _workingDirectory.FullName);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Can't listen on http://127.0.0.1:{port}: the address is in use", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private static async Task<Uri> WaitForUrlAsync(StringWriter output, Task<int> run)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTimeOffset.UtcNow < deadline && !run.IsCompleted)
        {
            if (RunningAt().Match(output.ToString()) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"serve never said where it runs (exit {(run.IsCompleted ? run.Result : -1)}): {output}");
    }

    [GeneratedRegex(@"CpqSync is running at (http://\S+)")]
    private static partial Regex RunningAt();

    public void Dispose()
    {
        try
        {
            _workingDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the system's temp folder.
        }
    }
}
