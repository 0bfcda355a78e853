using CpqSync.Hosting;

namespace CpqSync.Tests.Support;

/// <summary>One embedded sandbox (demo seed) on free loopback ports, shared by tests that only read it.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private EmbeddedSandbox? _sandbox;
    private Dictionary<string, string>? _orders;

    internal EmbeddedSandbox Sandbox => _sandbox ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The settings that connect CpqSync to this sandbox, as configuration keys (<c>Salesforce:ClientId</c>).</summary>
    internal IReadOnlyDictionary<string, string> Settings =>
        Sandbox.Settings.ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);

    /// <summary>The same settings as <c>CPQSYNC_</c> environment variables.</summary>
    internal Dictionary<string, string> Variables =>
        Settings.ToDictionary(s => "CPQSYNC_" + s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal);

    internal string ClientSecret => Sandbox.Salesforce.Credentials.ClientSecret;

    internal string Password => Sandbox.Salesforce.Credentials.Password;

    /// <summary>The demo order's id, by the description the seed gives it.</summary>
    internal string Order(string description) => _orders![description];

    public async Task InitializeAsync()
    {
        _sandbox = await EmbeddedSandbox.StartAsync(TimeProvider.System, CancellationToken.None);
        _orders = await SandboxApi.OrdersAsync(_sandbox);
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }
}
