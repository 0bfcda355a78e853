using CpqSync.Web.Security;
using CpqSync.Web.Setup;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace CpqSync.Web;

/// <summary>
/// The web app (sign-in, setup wizard, dashboard, order pages) that <c>cpqsync serve</c> hosts beside the engine.
/// </summary>
/// <remarks>
/// Secure by default: every endpoint of the application, the host's included, needs a signed-in user unless it is
/// the login page or one of <see cref="AnonymousPaths"/>; any change (a non-GET request) needs the admin role.
/// The host registers what the pages read: the store (<c>AddCpqSyncStorage</c>), the Salesforce client, the engine
/// and an <see cref="IWebConnection"/>.
/// </remarks>
public static class WebApp
{
    /// <summary>Paths anyone may request without signing in (the host's health check).</summary>
    public static IReadOnlyList<string> AnonymousPaths { get; } = ["/healthz"];

    /// <summary>Registers the web app's services (pages, authentication, anti-forgery).</summary>
    public static WebApplicationBuilder AddCpqSyncWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Web/Pages";
                options.Conventions.AllowAnonymousToPage("/Login");
                // The error reference Sync Records link to: the catalogue's public text, readable without an account.
                options.Conventions.AllowAnonymousToPage("/Errors");
                options.Conventions.AuthorizePage("/Logout", WebAccess.SignedIn);
                options.Conventions.AuthorizePage("/Account", WebAccess.SignedIn);
            })
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages are compiled into this assembly; a host whose entry assembly is another (tests) still finds them.
                var assembly = typeof(WebApp).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    // The factory the Razor SDK names on the assembly yields its types and its compiled pages.
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cpqsync.antiforgery";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "cpqsync.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/login";
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnRedirectToLogin = WebAccess.OnRedirectToLoginAsync,
                    OnRedirectToAccessDenied = WebAccess.OnAccessDeniedAsync,
                    OnValidatePrincipal = WebAccess.OnValidatePrincipalAsync,
                };
            });
        // Sessions live in the store (WebSessionStore): the cookie holds only a key the server can revoke.
        services.AddSingleton<WebSessionStore>();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<WebSessionStore>((options, sessions) => options.SessionStore = sessions);
        services.AddOptions<SignInThrottleOptions>()
            .Bind(builder.Configuration.GetSection(SignInThrottleOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<SignInThrottle>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new WebAccessRequirement()).Build())
            .AddPolicy(WebAccess.SignedIn, policy => policy.RequireAuthenticatedUser());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, WebAccessHandler>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SetupCode>();
        services.TryAddSingleton<WebAccounts>();
        services.TryAddSingleton<IWebConnection, StoredWebConnection>();
        services.TryAddSingleton<Records.CatalogueList>();
        services.TryAddSingleton<Orders.OrderList>();
        services.AddSetupWizard();
        return builder;
    }

    /// <summary>Adds the web app's middleware and endpoints; <c>/healthz</c> and the metrics endpoint are the host's.</summary>
    public static WebApplication MapCpqSyncWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(WebApp).Assembly, "CpqSync.Web.wwwroot"),
            RequestPath = "/static",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }
}
