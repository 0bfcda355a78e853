using CpqSync.Cli;
using CpqSync.Core.Configuration;
using CpqSync.Engine;
using CpqSync.Salesforce;
using CpqSync.Storage;
using CpqSync.Storage.PostgreSql;
using CpqSync.Storage.Sqlite;
using CpqSync.Stripe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting;

/// <summary>
/// The services a command runs with (Salesforce client, Stripe applier, store, engine), configured and validated
/// before the command does anything; with <c>--sandbox</c> also the sandbox they talk to.
/// </summary>
public sealed class CommandHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly EmbeddedSandbox? _sandbox;

    private CommandHost(ServiceProvider services, SyncConfiguration syncConfiguration, EmbeddedSandbox? sandbox)
    {
        _services = services;
        SyncConfiguration = syncConfiguration;
        _sandbox = sandbox;
    }

    public IServiceProvider Services => _services;

    /// <summary>The mappings and preferences from <c>Sync:ConfigurationFile</c>, or the defaults.</summary>
    public SyncConfiguration SyncConfiguration { get; }

    /// <exception cref="CliException">A setting is missing or invalid (exit code 2).</exception>
    public static async Task<CommandHost> StartAsync(HostRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var sandbox = request.UseSandbox ? await EmbeddedSandbox.StartAsync(time, cancellationToken) : null;
        try
        {
            var configuration = HostConfiguration.Build(request.Environment, request.ConfigFile, sandbox?.Settings);
            SettingsCheck.ThrowIfInvalid(configuration);
            var fallback = sandbox is null ? SyncConfiguration.Default : EmbeddedSandbox.DemoConfiguration;
            var syncConfiguration = SyncConfigurationSource.Load(configuration, request.Environment.WorkingDirectory, fallback);
            var services = Register(configuration, time).BuildServiceProvider();
            try
            {
                services.GetRequiredService<IStartupValidator>().Validate();
            }
            catch (OptionsValidationException e)
            {
                await services.DisposeAsync();
                throw new CliException(ExitCodes.Usage, $"Invalid settings for {e.OptionsName}: {e.Failures.First()}", e);
            }

            return new CommandHost(services, syncConfiguration, sandbox);
        }
        catch
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }

            throw;
        }
    }

    private static ServiceCollection Register(IConfiguration configuration, TimeProvider time)
    {
        var services = new ServiceCollection();
        // No logging providers: a command prints its own results, and nothing it logs may leak into them.
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(configuration);
        services.AddSalesforceClient(configuration);
        services.AddStripeApplier(configuration);
        services.AddCpqSyncStorage(configuration).AddSqlite().AddPostgreSql();
        services.AddSyncEngine();
        return services;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
