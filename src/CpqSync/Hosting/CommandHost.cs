using CpqSync.Cli;
using CpqSync.Core.Configuration;
using CpqSync.Engine.Connections;
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

    private CommandHost(ServiceProvider services, ConnectionDocument document, EmbeddedSandbox? sandbox)
    {
        _services = services;
        Document = document;
        _sandbox = sandbox;
    }

    public IServiceProvider Services => _services;

    /// <summary>The mappings and preferences from <c>Sync:ConfigurationFile</c>, or the defaults.</summary>
    public SyncConfiguration SyncConfiguration => Document.Mappings;

    /// <summary>
    /// The document from <c>Sync:ConfigurationFile</c>, or the defaults (the demo org's with <c>--sandbox</c>): what the
    /// connection starts with when <see cref="ConnectionBootstrap"/> creates it.
    /// </summary>
    public ConnectionDocument Document { get; }

    /// <summary>Opens the connection the command runs (see <see cref="ConnectionBootstrap"/>).</summary>
    public Task<BootstrappedConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        ConnectionBootstrap.OpenAsync(_services, Document, cancellationToken);

    /// <exception cref="CliException">A setting is missing or invalid (exit code 2).</exception>
    public static async Task<CommandHost> StartAsync(HostRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        var sandbox = request.UseSandbox ? await EmbeddedSandbox.StartAsync(time, cancellationToken) : null;
        try
        {
            var given = HostConfiguration.Build(request.Environment, request.ConfigFile, sandbox?.Settings);
            var stored = new StoredCredentialsLayer(given);
            stored.Apply(await ReadStoredCredentialsAsync(request, sandbox, given, time, cancellationToken));
            var configuration = HostConfiguration.Build(request.Environment, request.ConfigFile, sandbox?.Settings, stored);
            SettingsCheck.ThrowIfInvalid(configuration);
            if (request.NeedsCredentials)
            {
                SettingsCheck.ThrowIfCredentialsMissing(configuration);
            }

            var fallback = sandbox is null ? ConnectionDocument.Default : EmbeddedSandbox.DemoDocument;
            var document = SyncConfigurationSource.LoadDocument(configuration, request.Environment.WorkingDirectory, fallback);
            var services = Register(configuration, stored, time).BuildServiceProvider();
            try
            {
                services.GetRequiredService<IStartupValidator>().Validate();
            }
            catch (OptionsValidationException e)
            {
                await services.DisposeAsync();
                throw new CliException(ExitCodes.Usage, $"Invalid settings for {e.OptionsName}: {e.Failures.First()}", e);
            }

            return new CommandHost(services, document, sandbox);
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

    /// <summary>
    /// The connection's stored credentials, below the settings; none with <c>--sandbox</c> (its org is not the stored
    /// connection's). A command that does not use the store reads them only from a store that exists.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<string, string>> ReadStoredCredentialsAsync(
        HostRequest request, EmbeddedSandbox? sandbox, IConfiguration settings, TimeProvider time, CancellationToken cancellationToken)
    {
        if (sandbox is not null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        SettingsCheck.ThrowIfStorageInvalid(settings);
        return await StoredCredentials.ReadAsync(settings, time, createStore: request.UsesStore, cancellationToken);
    }

    private static ServiceCollection Register(IConfiguration configuration, StoredCredentialsLayer stored, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(stored);
        // No logging providers: a command prints its own results, and nothing it logs may leak into them.
        services.AddLogging();
        services.AddCpqSyncHostServices(configuration, time);
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
