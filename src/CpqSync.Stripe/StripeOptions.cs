using System.ComponentModel.DataAnnotations;

namespace CpqSync.Stripe;

/// <summary>How to reach Stripe (the real API or the sandbox: only <see cref="ApiBase"/> differs) and how hard to push it.</summary>
public sealed class StripeOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Stripe";

    /// <summary>
    /// The secret (<c>sk_…</c>) or restricted (<c>rk_…</c>) API key. The default value is empty: a credential a host may
    /// start without (nothing reaches Stripe until it is set); when set, it must look like a key.
    /// </summary>
    [RegularExpression("^(sk|rk)_(test|live)_[A-Za-z0-9]+$", ErrorMessage = "ApiKey must be a Stripe secret or restricted key (sk_… or rk_…).")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The API host that serves <c>/v1/…</c>. The default value is <c>https://api.stripe.com</c>.</summary>
    [Required]
    public Uri? ApiBase { get; set; } = new("https://api.stripe.com");

    /// <summary>
    /// The most requests per second sent to the account, by every process on the store together, enforced before
    /// sending so Stripe never has to answer <c>429</c>. The default value (unset) follows the key's mode: 95 for a live
    /// key (Stripe allows 100), 23 for a test key (Stripe allows 25).
    /// </summary>
    [Range(0.1, 10_000)]
    public double? MaxRequestsPerSecond { get; set; }

    /// <summary>The pacing in force: <see cref="MaxRequestsPerSecond"/>, or the default for the key's mode.</summary>
    public double RequestsPerSecond => MaxRequestsPerSecond ?? (IsLiveKey(ApiKey) ? LiveRequestsPerSecond : TestRequestsPerSecond);

    /// <summary>The default pacing of a live key, under Stripe's 100 requests/s.</summary>
    public const double LiveRequestsPerSecond = 95;

    /// <summary>The default pacing of a test key (and of no key yet), under Stripe's 25 requests/s.</summary>
    public const double TestRequestsPerSecond = 23;

    /// <summary>Whether a key belongs to live mode (<c>sk_live_…</c>, <c>rk_live_…</c>).</summary>
    public static bool IsLiveKey(string? apiKey) =>
        apiKey is not null && (apiKey.StartsWith("sk_live_", StringComparison.Ordinal) || apiKey.StartsWith("rk_live_", StringComparison.Ordinal));

    /// <summary>Whether a key belongs to test mode (<c>sk_test_…</c>, <c>rk_test_…</c>; the sandbox's keys do).</summary>
    public static bool IsTestKey(string? apiKey) =>
        apiKey is not null && (apiKey.StartsWith("sk_test_", StringComparison.Ordinal) || apiKey.StartsWith("rk_test_", StringComparison.Ordinal));

    /// <summary>The limit on one HTTP attempt, after which it counts as a connection failure. The default value is 80 seconds (Stripe.net's).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(80);

    /// <summary>How many times a retriable failure is retried before the apply stops with a transient failure. The default value is 5.</summary>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry's delay, doubled (with jitter) on each further retry. The default value is 500 milliseconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between two attempts, including a server's <c>Retry-After</c>. The default value is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiBase is { IsAbsoluteUri: false } or { Scheme: not ("https" or "http") })
        {
            yield return new ValidationResult("ApiBase must be an absolute http(s) URL.", [nameof(ApiBase)]);
        }

        if (RetryBaseDelay > MaxRetryDelay)
        {
            yield return new ValidationResult("RetryBaseDelay must not exceed MaxRetryDelay.", [nameof(RetryBaseDelay), nameof(MaxRetryDelay)]);
        }
    }

    /// <summary>Never shows the key: options objects end up in logs and debugger views.</summary>
    public override string ToString() => $"Stripe at {ApiBase}, {RequestsPerSecond} requests/s";
}
