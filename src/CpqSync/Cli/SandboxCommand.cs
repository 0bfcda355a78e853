using System.CommandLine;
using CpqSync.Sandbox.Salesforce;
using CpqSync.Sandbox.Salesforce.Org;
using CpqSync.Sandbox.Salesforce.PubSub;
using CpqSync.Sandbox.Stripe;

namespace CpqSync.Cli;

/// <summary>
/// <c>cpqsync sandbox</c>: runs the emulated services on loopback until Ctrl+C or SIGTERM, and prints for each its
/// URL and the credentials a client needs.
/// </summary>
public static class SandboxCommand
{
    public const int DefaultPubSubPort = 7403;

    public static Command Create(TimeProvider time)
    {
        var salesforcePort = new Option<int>("--salesforce-port")
        {
            Description = "Port of the emulated Salesforce org (0 picks a free port).",
            DefaultValueFactory = _ => 7401,
        };
        var stripePort = new Option<int>("--stripe-port")
        {
            Description = "Port of the emulated Stripe API (0 picks a free port).",
            DefaultValueFactory = _ => 7402,
        };
        var pubSubPort = new Option<int?>("--pubsub-port")
        {
            Description = "Port of the emulated org's Pub/Sub API, gRPC over HTTP/2 (0 picks a free port; default 7403, or a free port with --salesforce-port 0).",
        };
        var seed = new Option<string>("--seed")
        {
            Description = "Data the org starts with: empty, demo, or scale:N (N generated orders); add -single-currency (demo-single-currency) for an org without multi-currency.",
            DefaultValueFactory = _ => "empty",
        };
        seed.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!SalesforceOrgOptions.IsSeed(value))
            {
                result.AddError($"--seed must be empty, demo or scale:N, optionally followed by -single-currency, not '{value}'.");
            }
        });
        var data = new Option<DirectoryInfo?>("--data") { Description = "Keep the org in this directory across restarts." };
        var schema = new Option<DirectoryInfo?>("--schema") { Description = "Extra objects and fields, one JSON file per object." };

        var command = new Command("sandbox", "Run the emulated Salesforce org and Stripe API on loopback until stopped.")
        {
            salesforcePort, stripePort, pubSubPort, seed, data, schema,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = new SandboxSettings(
                parse.GetValue(salesforcePort),
                parse.GetValue(stripePort),
                parse.GetValue(seed)!,
                parse.GetValue(data)?.FullName,
                parse.GetValue(schema)?.FullName,
                parse.GetValue(pubSubPort) ?? (parse.GetValue(salesforcePort) == 0 ? 0 : DefaultPubSubPort));
            var configuration = parse.InvocationConfiguration;
            return RunAsync(settings, configuration.Output, configuration.Error, time, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        SandboxSettings settings, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var salesforceOptions = new SalesforceSandboxOptions
        {
            Port = settings.SalesforcePort,
            PubSub = new PubSubOptions { Port = settings.PubSubPort },
            Org = new SalesforceOrgOptions
            {
                Seed = settings.Seed,
                DataDirectory = settings.DataDirectory,
                SchemaDirectory = settings.SchemaDirectory,
            },
        };
        var stripeOptions = new StripeSandboxOptions { Port = settings.StripePort, DataDirectory = settings.DataDirectory };
        await using var salesforce = await StartAsync("Salesforce", "--salesforce-port", settings.SalesforcePort, error,
            () => SalesforceSandboxServer.StartAsync(salesforceOptions, time, cancellationToken));
        if (salesforce is null)
        {
            return 1;
        }

        await using var stripe = await StartAsync("Stripe", "--stripe-port", settings.StripePort, error,
            () => StripeSandboxServer.StartAsync(stripeOptions, time, cancellationToken));
        if (stripe is null)
        {
            return 1;
        }

        await SandboxBanner.WriteSalesforceAsync(output, salesforce, cancellationToken);
        await SandboxBanner.WriteStripeAsync(output, stripe, cancellationToken);

        await output.WriteLineAsync("Sandbox running. Press Ctrl+C to stop.".AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: stop the servers and exit normally.
        }

        await output.WriteLineAsync("Sandbox stopped.");
        return 0;
    }

    /// <summary>Starts one server; a port already in use is reported in a sentence, not a stack trace.</summary>
    private static async Task<T?> StartAsync<T>(string service, string option, int port, TextWriter error, Func<Task<T>> start)
        where T : class
    {
        try
        {
            return await start();
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync($"The {service} sandbox can't listen on port {port}: it is in use. Choose another with {option}.");
            return null;
        }
    }
}

/// <summary>What <c>cpqsync sandbox</c> was asked to run.</summary>
/// <param name="PubSubPort">The org's Pub/Sub API port; 0 picks a free one.</param>
public sealed record SandboxSettings(
    int SalesforcePort, int StripePort, string Seed, string? DataDirectory, string? SchemaDirectory, int PubSubPort = 0);
