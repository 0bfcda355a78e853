using Microsoft.Extensions.Hosting;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// The web host's lifetime when a command owns it: the command line already handles Ctrl+C and SIGTERM (and a
/// test stops the host itself), so the host registers no signal handlers and prints no banner of its own.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
