using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CpqSync.Sandbox.Stripe.Store;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// What every <c>/v1</c> request goes through before its endpoint, in Stripe's order: a <c>Request-Id</c> and the
/// echoed <c>Stripe-Version</c>, then the secret key, then the rate limit.
/// </summary>
internal sealed partial class StripeMiddleware(string secretKey, TokenBucket bucket, StripeFaults faults, TimeProvider time)
{
    private long _apiRequests;
    private long _rateLimited;
    private long _firstRequestAt;
    private long _lastRequestAt;

    /// <summary>Authenticated <c>/v1</c> requests received, those refused with a 429 included: what counts against the rate limit.</summary>
    public long ApiRequests => Interlocked.Read(ref _apiRequests);

    /// <summary>Requests refused with a 429 because the key exceeded the account's rate (not the injected <c>429</c>s).</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>When the first and the latest of <see cref="ApiRequests"/> arrived (<see cref="TimeProvider.GetTimestamp"/>; 0 before any).</summary>
    public (long First, long Last) RequestTimestamps => (Interlocked.Read(ref _firstRequestAt), Interlocked.Read(ref _lastRequestAt));

    /// <summary>The version Stripe.net 53.1.0 and stripe-node 23 pin; used when a request names none.</summary>
    public const string DefaultApiVersion = "2026-10-28.endive";

    public const string ApiKeyItem = "StripeApiKey";

    /// <summary>
    /// Clients configured with the base URL's trailing slash ask for "//v1/…"; Stripe's edge tolerates it too. Runs before
    /// routing, so the request reaches (and is counted under) its endpoint.
    /// </summary>
    public static Task TolerateDoubleSlashAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.Value?.StartsWith("//", StringComparison.Ordinal) == true)
        {
            context.Request.Path = new PathString("/" + context.Request.Path.Value.TrimStart('/'));
        }

        return next(context);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var cancellationToken = context.RequestAborted;
        var requestId = StripeIds.New("req_");
        context.Items[StripeResponses.RequestIdItem] = requestId;
        context.Response.Headers["Request-Id"] = requestId;
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var version = context.Request.Headers["Stripe-Version"].ToString();
        context.Response.Headers["Stripe-Version"] = version.Length == 0 ? DefaultApiVersion : version;
        try
        {
            if (version.Length > 0 && !VersionPattern().IsMatch(version))
            {
                throw StripeErrorException.Invalid($"Invalid Stripe API version: {version}");
            }

            var key = Authenticate(context.Request);
            context.Items[ApiKeyItem] = key;
            Interlocked.Increment(ref _apiRequests);
            var now = time.GetTimestamp();
            Interlocked.CompareExchange(ref _firstRequestAt, now, 0);
            Interlocked.Exchange(ref _lastRequestAt, now);
            var injected = faults.TakeRateLimit();
            if (injected || !bucket.TryTake(key))
            {
                if (!injected)
                {
                    Interlocked.Increment(ref _rateLimited);
                }

                throw new StripeErrorException(429, "invalid_request_error",
                    "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.",
                    "rate_limit");
            }
        }
        catch (StripeErrorException error)
        {
            await StripeResponses.WriteErrorAsync(context, error, cancellationToken);
            return;
        }

        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
        {
            // A known path with another method: Stripe answers it like any unknown URL.
            context.Response.Headers.Allow = default;
            await StripeResponses.WriteErrorAsync(context, UnrecognizedUrl(context.Request), cancellationToken);
        }
    }

    public static StripeErrorException UnrecognizedUrl(HttpRequest request) => new(404, "invalid_request_error",
        $"Unrecognized request URL ({request.Method}: {request.Path}). Please see https://stripe.com/docs or we can help at " +
        "https://support.stripe.com/.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$")]
    private static partial Regex VersionPattern();

    /// <summary>The secret key from <c>Authorization: Bearer sk_…</c> or Basic with the key as user name.</summary>
    private string Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        string? key = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                key = decoded.Split(':', 2)[0];
            }
            catch (FormatException)
            {
                key = string.Empty;
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new StripeErrorException(401, "authentication_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer " +
                "auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for " +
                "details, or we can help at https://support.stripe.com/.");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(secretKey)))
        {
            throw new StripeErrorException(401, "authentication_error", $"Invalid API Key provided: {Redact(key)}");
        }

        return key;
    }

    /// <summary>Stripe shows only the key's mode and last four characters.</summary>
    private static string Redact(string key)
    {
        var prefix = key.StartsWith("sk_test_", StringComparison.Ordinal) ? "sk_test_" : string.Empty;
        var tail = key.Length > prefix.Length + 4 ? key[^4..] : string.Empty;
        return prefix + new string('*', Math.Max(0, key.Length - prefix.Length - tail.Length)) + tail;
    }
}
