using CpqSync.Hosting.Serve;
using Microsoft.Extensions.Configuration;

namespace CpqSync.Hosting;

/// <summary>
/// Where people reach the web app (<c>Serve:PublicUrl</c>): a Sync Record's <c>Resolution_Documentation_Link__c</c> points
/// at its error reference there (<c>/errors#code</c>), whichever command wrote the record. Unset, the listening address:
/// where <c>serve</c> listens once it does (the port the system chose for port 0), else the first of <c>Serve:Urls</c>,
/// a wildcard host (<c>0.0.0.0</c>, <c>*</c>) named by the machine's name.
/// </summary>
public sealed class PublicAddress(IConfiguration configuration)
{
    public const string Key = "Serve:PublicUrl";

    private Uri? _listening;

    /// <summary>The web app's address, ending in <c>/</c>.</summary>
    public Uri Url => Parse(configuration[Key], out _) ?? FromListening(_listening ?? FirstUrl(configuration[ServeHost.UrlsKey]));

    /// <summary>The error reference's address, the base of the Sync Records' documentation links.</summary>
    public string ErrorReference => new Uri(Url, Core.Errors.ErrorReference.WebPath.TrimStart('/')).ToString();

    /// <summary>Where <c>serve</c> listens, once it does: the default address from then on.</summary>
    public void Listening(Uri url) => _listening = url;

    /// <summary>An absolute http(s) URL without query or fragment, ending in <c>/</c>; <see langword="null"/> (with why) otherwise.</summary>
    public static Uri? Parse(string? value, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"{Key} must be an absolute http:// or https:// URL (https://cpqsync.example.com).";
            return null;
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            problem = $"{Key} must have no query, fragment or user name, only the address people open.";
            return null;
        }

        return new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private static Uri FirstUrl(string? urls) =>
        new(ServeOptions.Split(string.IsNullOrWhiteSpace(urls) ? ServeHost.DefaultUrls : urls)[0]
            .Replace("://*", "://0.0.0.0", StringComparison.Ordinal)
            .Replace("://+", "://0.0.0.0", StringComparison.Ordinal));

    private static Uri FromListening(Uri listening)
    {
        var host = listening.Host is "0.0.0.0" or "[::]" ? System.Net.Dns.GetHostName() : listening.Host;
        return new UriBuilder(listening.Scheme, host, listening.Port).Uri;
    }
}
