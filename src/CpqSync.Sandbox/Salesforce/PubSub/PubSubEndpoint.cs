using System.Net;
using CpqSync.Sandbox.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// The org's Pub/Sub API on its own loopback port, HTTP/2 only without TLS (h2c), as gRPC clients connect with prior
/// knowledge. A real org's endpoint is <c>https://api.pubsub.salesforce.com:7443</c>.
/// </summary>
internal sealed class PubSubEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PubSubEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where clients connect, e.g. <c>http://127.0.0.1:7402</c> (no trailing slash in its string form's use).</summary>
    public Uri Address { get; }

    public static async Task<PubSubEndpoint> StartAsync(string host, PubSubContext context, CancellationToken cancellationToken)
    {
        var builder = SandboxWebHost.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var port = context.Options.Port;
            Action<ListenOptions> http2 = listen => listen.Protocols = HttpProtocols.Http2;
            if (IPAddress.TryParse(host, out var address))
            {
                kestrel.Listen(address, port, http2);
            }
            else
            {
                kestrel.ListenLocalhost(port, http2);
            }
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new PubSubService(context));
        var app = builder.Build();
        app.MapGrpcService<PubSubService>();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        return new PubSubEndpoint(app, new Uri(addresses.Addresses.First()));
    }

    public ValueTask DisposeAsync() => SandboxWebHost.StopAsync(_app);
}
