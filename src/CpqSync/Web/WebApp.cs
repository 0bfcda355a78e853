namespace CpqSync.Web;

/// <summary>
/// The web app (sign-in, setup wizard, dashboard, order pages) that <c>cpqsync serve</c> hosts beside the engine.
/// </summary>
public static class WebApp
{
    /// <summary>Registers the web app's services (pages, authentication, anti-forgery).</summary>
    public static WebApplicationBuilder AddCpqSyncWeb(this WebApplicationBuilder builder) => builder;

    /// <summary>Adds the web app's middleware and endpoints; <c>/healthz</c> and the metrics endpoint are the host's.</summary>
    public static WebApplication MapCpqSyncWeb(this WebApplication app) => app;
}
