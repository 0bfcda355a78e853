using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;

namespace CpqSync.Stripe;

/// <summary>
/// What every Stripe request (each retry included) waits on, so the applier stays under the account's rate limit
/// (<see cref="StripeOptions.RequestsPerSecond"/>) instead of bouncing off Stripe's <c>429</c>s: a token bucket for this
/// process and, when a <see cref="IStripeRateBudget"/> is registered, the account's budget that every process on the
/// same store shares. One instance per application.
/// </summary>
/// <remarks>
/// The local bucket (System.Threading.RateLimiting) holds at most one second's worth of requests and gains one token
/// every 1/rate seconds; requests queue for a token without limit, oldest first, and the caller's cancellation token
/// ends the wait. It refills on its own timer: System.Threading.RateLimiting measures elapsed time with the system
/// clock, not a TimeProvider. The shared budget is claimed in blocks of a fifth of a second's worth, so a process
/// costs the store a few round trips a second, not one per request; when the budget is spent the process waits (on
/// the injected <see cref="TimeProvider"/>) for it to refill.
/// </remarks>
internal sealed class StripeRateLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly SharedBlocks? _shared;

    public StripeRateLimiter(double requestsPerSecond)
        : this(requestsPerSecond, shared: null, budgetName: string.Empty, TimeProvider.System)
    {
    }

    public StripeRateLimiter(double requestsPerSecond, IStripeRateBudget? shared, string budgetName, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        RequestsPerSecond = requestsPerSecond;
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Floor(requestsPerSecond)),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
            AutoReplenishment = true,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _shared = shared is null ? null : new SharedBlocks(shared, budgetName, requestsPerSecond, time);
    }

    public double RequestsPerSecond { get; }

    /// <summary>The local bucket alone.</summary>
    public RateLimiter Limiter => _bucket;

    /// <summary>The budget's name for an API key: one per key (so per account), without keeping the key itself.</summary>
    public static string BudgetName(string apiKey) =>
        "stripe:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..16];

    /// <summary>Waits for this process's bucket, then for a token of the shared budget.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired && _shared is not null)
        {
            try
            {
                await _shared.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }

        return lease;
    }

    public void Dispose()
    {
        _bucket.Dispose();
        _shared?.Dispose();
    }

    /// <summary>Tokens of the shared budget claimed a block at a time and handed out one per request.</summary>
    private sealed class SharedBlocks(IStripeRateBudget budget, string name, double rate, TimeProvider time) : IDisposable
    {
        /// <summary>A fifth of a second's worth: also the shared bucket's capacity, so two processes never burst past it together.</summary>
        private readonly int _block = Math.Max(1, (int)Math.Ceiling(rate / 5));
        private readonly SemaphoreSlim _claiming = new(1, 1);
        private int _held;

        public async ValueTask TakeAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (TryTakeHeld())
                {
                    return;
                }

                await _claiming.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (Volatile.Read(ref _held) > 0)
                    {
                        continue;
                    }

                    var granted = await budget.ClaimAsync(name, _block, rate, _block, cancellationToken).ConfigureAwait(false);
                    if (granted > 0)
                    {
                        Interlocked.Add(ref _held, granted);
                        continue;
                    }

                    // Spent by this process and the others: wait for a block's worth to come back.
                    await Task.Delay(TimeSpan.FromSeconds(_block / rate), time, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _claiming.Release();
                }
            }
        }

        public void Dispose() => _claiming.Dispose();

        private bool TryTakeHeld()
        {
            var held = Volatile.Read(ref _held);
            while (held > 0)
            {
                var seen = Interlocked.CompareExchange(ref _held, held - 1, held);
                if (seen == held)
                {
                    return true;
                }

                held = seen;
            }

            return false;
        }
    }
}

/// <summary>
/// The Stripe rate budget every process on one store shares (the host registers one over the store's token table).
/// </summary>
public interface IStripeRateBudget
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> tokens from the budget named <paramref name="budget"/>, a token bucket
    /// refilled at <paramref name="perSecond"/> up to <paramref name="capacity"/>.
    /// </summary>
    /// <returns>How many were granted (0 when the budget is spent).</returns>
    Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken);
}
