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
/// The local bucket (<see cref="PacingBucket"/>, on the injected <see cref="TimeProvider"/>) holds at most a fifth of a
/// second's worth of requests (<see cref="Burst"/>) and refills continuously at the rate; requests queue for a token
/// without limit, oldest first, and the caller's cancellation token ends the wait. The small burst is what keeps Stripe from answering <c>429</c>:
/// Stripe's own bucket holds a second's worth of its limit (25 in test mode against the default pacing of 23), so a
/// burst of a full second's worth after a pause, plus requests bunched on the way, would overrun it. The bucket is
/// refilled by elapsed time, not by timer ticks, so a late timer on a loaded machine costs no tokens (System.Threading.
/// RateLimiting's auto-replenishment adds one period's tokens per tick, and fell short of the rate under load); its one
/// timer is set for when the oldest waiting request's token is due. The shared budget is claimed in blocks of a fifth of a
/// second's worth, ahead of need, so a process costs the store a few round trips a second, not one per request, and
/// requests do not wait on them; when the budget is spent the process waits (on the injected
/// <see cref="TimeProvider"/>) for it to refill.
/// </remarks>
internal sealed class StripeRateLimiter : IDisposable
{
    private readonly PacingBucket _bucket;
    private readonly SharedBlocks? _shared;

    public StripeRateLimiter(double requestsPerSecond)
        : this(requestsPerSecond, shared: null, budgetName: string.Empty, TimeProvider.System)
    {
    }

    public StripeRateLimiter(double requestsPerSecond, IStripeRateBudget? shared, string budgetName, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        RequestsPerSecond = requestsPerSecond;
        ArgumentNullException.ThrowIfNull(time);
        _bucket = new PacingBucket(requestsPerSecond, Burst(requestsPerSecond), time);
        _shared = shared is null ? null : new SharedBlocks(shared, budgetName, requestsPerSecond, time);
    }

    public double RequestsPerSecond { get; }

    /// <summary>The most requests sent at once after a pause: a fifth of a second's worth, at least one.</summary>
    public static int Burst(double requestsPerSecond) => Math.Max(1, (int)Math.Ceiling(requestsPerSecond / 5));

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

    /// <summary>
    /// Tokens of the shared budget claimed a block at a time (a fifth of a second's worth) and handed out one per request.
    /// The next block is claimed while the last half of the current one is spent, so a request never waits for the
    /// store's round trip (a write transaction, slow on a loaded machine) unless the budget is spent; the shared bucket
    /// holds two blocks, so a claim that lands late loses nothing, and processes together never burst past two fifths
    /// of a second's worth.
    /// </summary>
    private sealed class SharedBlocks(IStripeRateBudget budget, string name, double rate, TimeProvider time) : IDisposable
    {
        private readonly int _block = Burst(rate);
        private readonly Lock _lock = new();
        private readonly CancellationTokenSource _stopped = new();
        private Task _claim = Task.CompletedTask;
        private int _held;

        public async ValueTask TakeAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                if (TryTakeHeld(out var left))
                {
                    if (left * 2 < _block)
                    {
                        // Claimed ahead: a failure here is not this request's; the next request that waits sees its own.
                        _ = Claim();
                    }

                    return;
                }

                await Claim().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            _stopped.Cancel();
            _stopped.Dispose();
        }

        /// <summary>The claim under way, or a new one: one at a time per process.</summary>
        private Task Claim()
        {
            lock (_lock)
            {
                if (_claim.IsCompleted)
                {
                    _claim = ClaimAsync(_stopped.Token);
                }

                return _claim;
            }
        }

        private async Task ClaimAsync(CancellationToken stopped)
        {
            var granted = await budget.ClaimAsync(name, _block, rate, 2 * _block, stopped).ConfigureAwait(false);
            if (granted > 0)
            {
                Interlocked.Add(ref _held, granted);
                return;
            }

            // Spent by this process and the others: wait for half a block's worth to come back.
            await Task.Delay(TimeSpan.FromSeconds(_block / 2.0 / rate), time, stopped).ConfigureAwait(false);
        }

        private bool TryTakeHeld(out int left)
        {
            var held = Volatile.Read(ref _held);
            while (held > 0)
            {
                var seen = Interlocked.CompareExchange(ref _held, held - 1, held);
                if (seen == held)
                {
                    left = held - 1;
                    return true;
                }

                held = seen;
            }

            left = 0;
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
