using System.ComponentModel.DataAnnotations;

namespace CpqSync.Engine.Sync;

/// <summary>How the sync worker runs the queue (configuration section <c>Sync:Worker</c>).</summary>
public sealed class SyncWorkerOptions : IValidatableObject
{
    public const string SectionName = "Sync:Worker";

    /// <summary>
    /// Orders synced at once (orders of one contract always one after another). The default value (unset) sizes it
    /// to keep the Stripe rate filled: rate × observed Stripe latency, twice over plus two, and more while the pacing
    /// bucket shows the rate going unused (<see cref="CpqSync.Stripe.StripeThroughput"/>), at least 4 and at most
    /// <see cref="MaxAutomaticParallelism"/>.
    /// </summary>
    [Range(1, 512)]
    public int? MaxParallelism { get; set; }

    /// <summary>The most orders at once when <see cref="MaxParallelism"/> is unset. The default value is 64.</summary>
    [Range(1, 512)]
    public int MaxAutomaticParallelism { get; set; } = 64;

    /// <summary>
    /// Attempts of an order that keeps failing for a passing reason (rate limit, outage) before it is parked with its
    /// error until someone retries it. The default value is 8.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the first retry, doubled (with jitter) before each further one. The default value is 15 seconds.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest wait between two attempts. The default value is 30 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an order stays leased to this worker; the lease is renewed while the sync runs, and comes back to the
    /// queue this long after a crash. The default value is 5 minutes.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long <see cref="SyncWorker.RunAsync(EngineConnection, CancellationToken)"/> waits when nothing is due. The default value is 2 seconds.</summary>
    public TimeSpan IdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Orders a backfill reads per query page (and queues per transaction). A page costs the same few Salesforce calls
    /// whatever its size, so the default is the largest, one batch of query results: 2,000.
    /// </summary>
    [Range(1, 2000)]
    public int BackfillPageSize { get; set; } = 2000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BaseRetryDelay < TimeSpan.Zero || BaseRetryDelay > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("The base retry delay must be between 0 and 1 hour.", [nameof(BaseRetryDelay)]);
        }

        if (MaxRetryDelay < BaseRetryDelay || MaxRetryDelay > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult("The maximum retry delay must be between the base retry delay and 1 day.", [nameof(MaxRetryDelay)]);
        }

        if (LeaseDuration < TimeSpan.FromMilliseconds(100) || LeaseDuration > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("The lease duration must be between 100 milliseconds and 1 hour.", [nameof(LeaseDuration)]);
        }

        if (IdleDelay < TimeSpan.FromMilliseconds(10) || IdleDelay > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("The idle delay must be between 10 milliseconds and 10 minutes.", [nameof(IdleDelay)]);
        }
    }

    /// <summary>Orders to run at once now: <see cref="MaxParallelism"/>, or sized from the Stripe rate and latency.</summary>
    public int Parallelism(CpqSync.Stripe.StripeThroughput? throughput) =>
        MaxParallelism ?? throughput?.OrdersInFlight(MaxAutomaticParallelism) ?? Math.Min(4, MaxAutomaticParallelism);

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1: exponential, with jitter so failed orders do not retry in step.</summary>
    /// <param name="jitter">A value in [0, 1): the share of the upper half of the delay to add.</param>
    public TimeSpan RetryDelay(int failedAttempt, double jitter)
    {
        var exponent = Math.Clamp(failedAttempt - 1, 0, 30);
        var ceiling = Math.Min(MaxRetryDelay.TotalMilliseconds, BaseRetryDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (ceiling / 2 * jitter));
    }
}
