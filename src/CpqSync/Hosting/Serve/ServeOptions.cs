using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CpqSync.Hosting.Serve;

/// <summary>
/// How <c>serve</c> meets the network (section <c>Serve</c>): which <c>Host</c> names it answers, whether it sits behind a
/// TLS-terminating proxy, and who may read <c>/metrics</c>. Lists are separated by <c>;</c> (or <c>,</c>).
/// </summary>
public sealed class ServeOptions : IValidatableObject
{
    public const string SectionName = "Serve";

    /// <summary>Where <c>serve</c> listens (<see cref="ServeHost.UrlsKey"/>).</summary>
    public string? Urls { get; set; }

    /// <summary>
    /// The <c>Host</c> names requests may carry (<c>*.example.com</c> allowed; <c>*</c> turns the check off); any other gets
    /// 400, so a DNS-rebinding page can't reach the app. The default: the host names of <see cref="Urls"/>, plus
    /// <c>localhost</c>, <c>127.0.0.1</c> and <c>[::1]</c> for a loopback listener, plus the machine's name and addresses for
    /// a wildcard one (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>).
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>
    /// Behind a TLS-terminating proxy: honour <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> from
    /// <see cref="KnownProxies"/> and <see cref="KnownNetworks"/> (loopback alone when both are empty), and send HSTS on
    /// HTTPS requests. The default value is <see langword="false"/>.
    /// </summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>The proxies' addresses (<c>10.0.0.5;10.0.0.6</c>).</summary>
    public string? KnownProxies { get; set; }

    /// <summary>The proxies' networks in CIDR form (<c>10.0.0.0/8</c>).</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>HSTS <c>max-age</c> with <see cref="ForwardedHeaders"/>. The default value is 365 days.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// When set, <c>/metrics</c> answers only requests carrying <c>Authorization: Bearer</c> this token (401 otherwise).
    /// The default: none, <c>/metrics</c> is anonymous.
    /// </summary>
    public string? MetricsToken { get; set; }

    /// <summary>
    /// The address people open the web app at (<c>https://cpqsync.example.com</c>), when it is not where <c>serve</c>
    /// listens (a proxy, a DNS name): Sync Records link to its <c>/errors</c> (<see cref="PublicAddress"/>). The default:
    /// the listening address.
    /// </summary>
    public string? PublicUrl { get; set; }

    public static IReadOnlyList<string> Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in Split(KnownProxies).Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"Serve:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in Split(KnownNetworks).Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"Serve:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8).", [nameof(KnownNetworks)]);
        }

        if (HstsMaxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Serve:HstsMaxAge must be positive.", [nameof(HstsMaxAge)]);
        }

        if (PublicAddress.Parse(PublicUrl, out var problem) is null && problem is not null)
        {
            yield return new ValidationResult(problem, [nameof(PublicUrl)]);
        }

        if (MetricsToken is { } token && token.Length is > 0 and < 16)
        {
            yield return new ValidationResult("Serve:MetricsToken must have at least 16 characters (openssl rand -hex 32).", [nameof(MetricsToken)]);
        }
    }
}
