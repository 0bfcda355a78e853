using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// The headers a real org puts on every API response, as recorded: <c>Sforce-Limit-Info: api-usage=used/max</c> and
/// Salesforce's no-store <c>Cache-Control</c> on <c>/services/data</c>, and its cookie and security headers everywhere.
/// </summary>
internal static class SalesforceHeaders
{
    public static void UseSalesforceHeaders(this IApplicationBuilder app, SandboxContext context)
    {
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                if (http.Request.Path.StartsWithSegments("/services/data", StringComparison.Ordinal))
                {
                    headers["Sforce-Limit-Info"] = context.Usage.LimitInfo;
                    headers.CacheControl = "no-cache,must-revalidate,max-age=0,no-store,private";
                }

                headers["Set-Cookie"] = "BrowserId=sandbox; Path=/; SameSite=None; Secure";
                headers.StrictTransportSecurity = "max-age=63072000; includeSubDomains";
                headers.XContentTypeOptions = "nosniff";
                headers.XXSSProtection = "1; mode=block";
                headers["X-Robots-Tag"] = "none";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
