namespace CpqSync.Engine.Tests.Support;

/// <summary>One demo org shared by tests that only read it.</summary>
public sealed class DemoOrgFixture : IAsyncLifetime
{
    private DemoOrg? _org;

    internal DemoOrg Org => _org ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _org = await DemoOrg.StartAsync();

    public async Task DisposeAsync()
    {
        if (_org is not null)
        {
            await _org.DisposeAsync();
        }
    }
}
