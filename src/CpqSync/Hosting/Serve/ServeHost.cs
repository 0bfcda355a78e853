using CpqSync.Cli;
using CpqSync.Engine.Connections;
using CpqSync.Engine.Sync;
using CpqSync.Storage;
using CpqSync.Web.Setup;
using CpqSync.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// What <c>cpqsync serve</c> runs, startable in-process: the web app, <c>/healthz</c>, <c>/metrics</c>, live sync and the
/// sync worker over the connection <see cref="ConnectionBootstrap"/> opens; with <c>--sandbox</c> the embedded sandbox
/// too, and a throwaway store beside it.
/// </summary>
public sealed class ServeHost : IAsyncDisposable
{
    public const string UrlsKey = "Serve:Urls";

    public const string DefaultUrls = "http://127.0.0.1:5080";

    private readonly WebApplication _app;
    private readonly string? _scratchDirectory;

    private ServeHost(WebApplication app, Uri baseUrl, EmbeddedSandbox? sandbox, string? scratchDirectory)
    {
        _app = app;
        BaseUrl = baseUrl;
        Sandbox = sandbox;
        _scratchDirectory = scratchDirectory;
    }

    /// <summary>Where the web app listens (the first of <c>Serve:Urls</c>, with the port the system chose for port 0).</summary>
    public Uri BaseUrl { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The embedded sandbox with <c>--sandbox</c>; <see langword="null"/> otherwise.</summary>
    public EmbeddedSandbox? Sandbox { get; }

    public BootstrappedConnection Connection => Services.GetRequiredService<RunningConnection>().Current;

    /// <exception cref="CliException">A setting is missing or invalid, or the address is in use (exit code 2).</exception>
    public static async Task<ServeHost> StartAsync(HostRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sandbox = request.UseSandbox ? await EmbeddedSandbox.StartAsync(time, cancellationToken) : null;
        var scratch = sandbox is null ? null : Directory.CreateTempSubdirectory("cpqsync-serve-").FullName;
        WebApplication? app = null;
        try
        {
            // With the sandbox, only where to store (a throwaway store) and the wizard's loopback endpoints are settings;
            // its credentials are stored as a customer's would be (the wizard, or cpqsync credentials set).
            // The sandbox org's Pub/Sub endpoint is a setting (like a real org's default), not a stored credential.
            var overrides = sandbox is null
                ? []
                : ThrowawayStore(scratch!).Append(new(SetupOptions.AllowLoopbackEndpointsKey, "true")).Append(sandbox.PubSubEndpointSetting);
            var given = HostConfiguration.Build(request.Environment, request.ConfigFile, overrides);
            var secrets = sandbox is null
                ? await CommandHost.ReadStoredCredentialsAsync(request, sandbox, given, time, cancellationToken)
                : sandbox.Credentials;
            var stored = new StoredCredentialsLayer(given);
            stored.Apply(secrets);
            var configuration = HostConfiguration.Build(request.Environment, request.ConfigFile, overrides, stored);
            // Options are checked here; missing credentials are not a start-up failure but a state (/healthz, the dashboard).
            SettingsCheck.ThrowIfInvalid(configuration);
            var fallback = sandbox is null ? ConnectionDocument.Default : EmbeddedSandbox.DemoDocument;
            var document = SyncConfigurationSource.LoadDocument(configuration, request.Environment.WorkingDirectory, fallback);
            app = Build(request, configuration, stored, time);
            ValidateSettings(app.Services);
            var connection = await ConnectionBootstrap.OpenAsync(app.Services, document, cancellationToken);
            app.Services.GetRequiredService<RunningConnection>().Set(connection);
            if (sandbox is not null)
            {
                await StoredCredentials.ChangeAsync(
                    app.Services.GetRequiredService<ISyncStore>(), connection.Id, sandbox.Credentials.ToDictionary(c => c.Key, c => (string?)c.Value), cancellationToken);
            }

            await ListenAsync(app, configuration, cancellationToken);
            return new ServeHost(app, new Uri(app.Urls.First()), sandbox, scratch);
        }
        catch
        {
            await StopAsync(app, sandbox, scratch);
            throw;
        }
    }

    private static WebApplication Build(HostRequest request, IConfigurationRoot configuration, StoredCredentialsLayer stored, TimeProvider time)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The host's own assembly, not the process's entry point (a test runner), so the web app finds its pages.
            ApplicationName = typeof(ServeHost).Assembly.GetName().Name,
            ContentRootPath = request.Environment.WorkingDirectory,
            EnvironmentName = Environments.Production,
        });
        // The host reads its settings the way every command does (HostConfiguration), not ASP.NET Core's defaults.
        foreach (var source in builder.Configuration.Sources
            .Where(s => s is JsonConfigurationSource or CommandLineConfigurationSource or EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            .ToList())
        {
            builder.Configuration.Sources.Remove(source);
        }

        builder.Configuration.AddInMemoryCollection(ServeTelemetry.OtelVariables(request.Environment));
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(configuration[UrlsKey] is { Length: > 0 } urls ? urls : DefaultUrls);
        builder.Logging.ClearProviders();
        // One line per event with a UTC timestamp; Logging:Console:FormatterName=json switches to JSON lines.
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton<IHostLifetime, CommandLifetime>();
        services.AddSingleton(stored);
        services.AddCpqSyncHostServices(builder.Configuration, time);
        services.AddSingleton<RunningConnection>();
        services.AddSingleton<LiveSyncStatus>();
        services.AddHealth();
        services.AddServeTelemetry(ServeTelemetry.ExportsOtlp(builder.Configuration));
        services.AddServeEdge(builder.Configuration);
        services.AddHostedService<LiveSyncService>();
        services.AddHostedService<SyncWorkerService>();
        builder.AddCpqSyncWeb();

        var app = builder.Build();
        app.UseServeEdge();
        app.MapCpqSyncWeb();
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint(ServeTelemetry.MetricsPath, meterProvider: null, ServeEdge.RequireMetricsToken, optionsName: null)
            .AllowAnonymous();
        return app;
    }

    /// <summary>With the sandbox, a store of its own that goes away with it: ids mapped to one sandbox mean nothing to the next.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> ThrowawayStore(string directory) =>
        new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(directory, "cpqsync.db")}",
            ["Storage:EncryptionKey"] = "",
            ["Storage:EncryptionKeyFile"] = Path.Combine(directory, "cpqsync.key"),
        };

    private static void ValidateSettings(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new CliException(ExitCodes.Usage, $"Invalid settings for {e.OptionsName}: {e.Failures.First()}", e);
        }
    }

    private static async Task ListenAsync(WebApplication app, IConfiguration configuration, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            var urls = configuration[UrlsKey] is { Length: > 0 } configured ? configured : DefaultUrls;
            throw new CliException(ExitCodes.Usage, $"Can't listen on {urls}: the address is in use. Choose another with --urls or {UrlsKey}.", e);
        }
    }

    private static async Task StopAsync(WebApplication? app, EmbeddedSandbox? sandbox, string? scratch)
    {
        if (app is not null)
        {
            try
            {
                await app.StopAsync(CancellationToken.None);
            }
            finally
            {
                await app.DisposeAsync();
            }
        }

        if (sandbox is not null)
        {
            await sandbox.DisposeAsync();
        }

        if (scratch is not null)
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // A pooled SQLite handle may still hold the file; the directory is in the system's temp folder.
            }
        }
    }

    /// <summary>Stops the web app and the engine (in-flight work finishes or is left to its lease), then the sandbox.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(_app, Sandbox, _scratchDirectory));
}
