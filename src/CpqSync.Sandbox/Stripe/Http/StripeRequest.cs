namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>One API call as a resource handler sees it: its parameters (body or query), route values and the account.</summary>
internal sealed class StripeRequest(
    ParamHash parameters, IReadOnlyDictionary<string, string> route, StripeAccount account, string path, string apiVersion)
{
    public ParamHash Params { get; } = parameters;

    public StripeAccount Account { get; } = account;

    /// <summary>The path with the query string, as list objects report it in <c>url</c>.</summary>
    public string Path { get; } = path;

    /// <summary>Emulated now, as a Unix timestamp.</summary>
    public long Now => Account.Now;

    /// <summary>The <c>Stripe-Version</c> the request was made with (or the sandbox's default).</summary>
    public string ApiVersion { get; } = apiVersion;

    public string Route(string name = "id") => route[name];

    /// <summary>Whether the request's API version predates <paramref name="date"/> (<c>yyyy-MM-dd</c>), where shapes changed.</summary>
    public bool VersionBefore(string date) => string.CompareOrdinal(ApiVersion[..Math.Min(10, ApiVersion.Length)], date) < 0;
}
