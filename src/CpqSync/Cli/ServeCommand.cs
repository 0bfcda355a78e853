using System.CommandLine;
using CpqSync.Hosting;
using CpqSync.Hosting.Serve;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync serve [--sandbox] [--urls URL]</c>: runs the web app and the engine (live sync and the sync worker)
/// until Ctrl+C or SIGTERM, then stops cleanly with exit code 0.
/// </summary>
public static class ServeCommand
{
    public static Command Create(HostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var sandbox = HostOptions.Sandbox();
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where the web app listens (setting {ServeHost.UrlsKey}; default {ServeHost.DefaultUrls}).",
            HelpName = "URL",
        };
        var command = new Command("serve", "Run the web app and the sync engine until stopped.") { sandbox, urls };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = WithUrls(host.Request(parse, sandbox), parse.GetValue(urls));
            var configuration = parse.InvocationConfiguration;
            return CommandFailures.RunAsync(
                configuration.Error, () => RunAsync(request, configuration.Output, host.Time, cancellationToken), cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(HostRequest request, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var serve = await ServeHost.StartAsync(request, time, cancellationToken);
        await WriteBannerAsync(output, serve, cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: stop the web app, the engine and the sandbox, and exit normally.
        }

        await output.WriteLineAsync("Stopping.");
        return ExitCodes.Success;
    }

    /// <summary><c>--urls</c> wins over every settings source, as the embedded sandbox's settings do.</summary>
    private static HostRequest WithUrls(HostRequest request, string? urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            return request;
        }

        var variables = new Dictionary<string, string>(request.Environment.Variables, StringComparer.Ordinal)
        {
            [HostConfiguration.EnvironmentPrefix + ServeHost.UrlsKey.Replace(":", "__", StringComparison.Ordinal)] = urls,
        };
        return request with { Environment = request.Environment with { Variables = variables } };
    }

    private static async Task WriteBannerAsync(TextWriter output, ServeHost serve, CancellationToken cancellationToken)
    {
        var connection = serve.Connection;
        var lines = new List<string>
        {
            $"CpqSync is running at {serve.BaseUrl.ToString().TrimEnd('/')}",
            $"  Connection:    {connection.Name}",
            $"  Live sync:     {(connection.Stored.Document.LiveSync ? "on" : "off")}",
            $"  Health:        {new Uri(serve.BaseUrl, HealthEndpoint.Path)}",
            $"  Metrics:       {new Uri(serve.BaseUrl, ServeTelemetry.MetricsPath)}",
        };
        if (serve.Sandbox is { } sandbox)
        {
            lines.Add($"  Salesforce sandbox: {sandbox.Salesforce.BaseUrl.ToString().TrimEnd('/')}");
            lines.Add($"  Stripe sandbox:     {sandbox.Stripe.BaseUrl.ToString().TrimEnd('/')}");
        }

        lines.Add("Press Ctrl+C to stop.");
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        await output.FlushAsync(cancellationToken);
    }
}
