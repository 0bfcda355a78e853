using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// Where <c>serve</c> meets the network (<see cref="ServeOptions"/>): ASP.NET Core's host filtering (a foreign <c>Host</c>
/// gets 400), its forwarded headers and HSTS behind a proxy, and the bearer token of <c>/metrics</c>.
/// </summary>
public static class ServeEdge
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddServeEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServeOptions>().Bind(configuration.GetSection(ServeOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        // The web host's defaults already run host filtering first of all; this gives it the hosts to allow.
        services.AddOptions<HostFilteringOptions>().Configure<IOptions<ServeOptions>>((options, serve) =>
        {
            options.AllowedHosts = [.. AllowedHosts(serve.Value)];
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ServeOptions>>((options, serve) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = ServeOptions.Split(serve.Value.KnownProxies);
            var networks = ServeOptions.Split(serve.Value.KnownNetworks);
            if (proxies.Count + networks.Count > 0)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    options.KnownProxies.Add(IPAddress.Parse(proxy));
                }

                foreach (var network in networks)
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
        });
        services.AddOptions<HstsOptions>().Configure<IOptions<ServeOptions>>((options, serve) => options.MaxAge = serve.Value.HstsMaxAge);
        return services;
    }

    /// <summary>Before the web app: behind a proxy, the client's address and scheme come from the proxy's headers.</summary>
    public static WebApplication UseServeEdge(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.ForwardedHeaders)
        {
            app.UseForwardedHeaders();
            app.UseHsts();
        }

        return app;
    }

    /// <summary>The branch of <c>/metrics</c>: with <see cref="ServeOptions.MetricsToken"/> set, only its bearer gets through.</summary>
    public static void RequireMetricsToken(IApplicationBuilder branch)
    {
        var token = branch.ApplicationServices.GetRequiredService<IOptions<ServeOptions>>().Value.MetricsToken;
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        branch.Use(async (context, next) =>
        {
            var header = context.Request.Headers.Authorization.ToString();
            var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            if (given is null || !CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(given))))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }

            await next(context);
        });
    }

    /// <summary>The <c>Host</c> names allowed: <see cref="ServeOptions.AllowedHosts"/>, else those of the listening addresses.</summary>
    public static IReadOnlyList<string> AllowedHosts(ServeOptions serve)
    {
        ArgumentNullException.ThrowIfNull(serve);
        var configured = ServeOptions.Split(serve.AllowedHosts);
        if (configured.Count > 0)
        {
            return configured;
        }

        var hosts = new List<string>();
        foreach (var url in ServeOptions.Split(string.IsNullOrWhiteSpace(serve.Urls) ? ServeHost.DefaultUrls : serve.Urls))
        {
            var host = BindingAddress.Parse(url).Host;
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
            {
                hosts.AddRange(LoopbackHosts);
                hosts.AddRange(MachineHosts());
            }
            else if (host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
            {
                hosts.AddRange(LoopbackHosts);
            }
            else
            {
                hosts.Add(host);
            }
        }

        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // A wildcard listener answers on every address of the machine, by its name or by any of them.
    private static IEnumerable<string> MachineHosts()
    {
        yield return Dns.GetHostName();
        foreach (var unicast in NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses))
        {
            var address = unicast.Address;
            if (address.AddressFamily == AddressFamily.InterNetwork)
            {
                yield return address.ToString();
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId == 0)
            {
                yield return $"[{address}]";
            }
        }
    }
}
