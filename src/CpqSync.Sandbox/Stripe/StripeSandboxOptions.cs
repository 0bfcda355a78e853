using System.ComponentModel.DataAnnotations;

namespace CpqSync.Sandbox.Stripe;

/// <summary>How the emulated Stripe API is served.</summary>
public sealed class StripeSandboxOptions
{
    public const string SectionName = "Sandbox:Stripe";

    /// <summary>The test-mode secret key the sandbox accepts unless another is set.</summary>
    public const string DefaultSecretKey = "sk_test_cpqsyncSandbox0000000000000000000000000000";

    /// <summary>The address to listen on. The default value is <c>127.0.0.1</c>.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on; 0 picks a free one. The default value is 0.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Where the account's objects are kept between runs; null keeps them in memory only. The default value is null.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The secret key requests must present (Bearer or Basic). The default value is <see cref="DefaultSecretKey"/>.</summary>
    [Required]
    [RegularExpression("^sk_test_[A-Za-z0-9]+$")]
    public string SecretKey { get; set; } = DefaultSecretKey;

    /// <summary>The token-bucket rate limit per key, like test mode's. The default value is 25 requests per second.</summary>
    [Range(0.001, 1_000_000)]
    public double RequestsPerSecond { get; set; } = 25;

    /// <summary>Faults injected from start-up; change them at run time through <see cref="StripeSandboxServer.Faults"/>.</summary>
    public StripeFaultOptions Faults { get; set; } = new();
}

/// <summary>Faults the sandbox injects into <c>/v1</c> requests, to exercise a client's retries and idempotency.</summary>
public sealed class StripeFaultOptions
{
    /// <summary>Delay added to every request (emulated time, from the TimeProvider). The default value is zero.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share of requests answered <c>500 api_error</c> before they run (0 to 1). The default value is 0.</summary>
    [Range(0, 1)]
    public double ServerErrorRate { get; set; }

    /// <summary>
    /// Share of requests that run but whose connection is then dropped without a response (0 to 1). The default value is 0.
    /// </summary>
    [Range(0, 1)]
    public double DropConnectionRate { get; set; }

    /// <summary>The next N requests are answered <c>500 api_error</c> before they run. The default value is 0.</summary>
    [Range(0, int.MaxValue)]
    public int FailNextRequests { get; set; }

    /// <summary>The next N requests run, then lose their connection. The default value is 0.</summary>
    [Range(0, int.MaxValue)]
    public int DropNextRequests { get; set; }

    /// <summary>The next N requests are answered <c>429 rate_limit</c>. The default value is 0.</summary>
    [Range(0, int.MaxValue)]
    public int RateLimitNextRequests { get; set; }

    /// <summary>The <c>Stripe-Should-Retry</c> header sent with injected 500s; null sends none. The default value is true.</summary>
    public bool? ShouldRetry { get; set; } = true;
}
