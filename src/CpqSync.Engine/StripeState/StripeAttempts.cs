using System.Collections.Concurrent;
using CpqSync.Core.Planning;
using CpqSync.Storage;

namespace CpqSync.Engine.StripeResolution;

/// <summary>
/// Which syncs wrote to Stripe without recording their ids yet: the store keeps an attempt from just before the first
/// Stripe write until the id map holds what it made, so an attempt left started is one a crash interrupted (or one
/// still running in another process). Only the records such an attempt may have created are searched for in Stripe.
/// </summary>
/// <remarks>One instance per engine: it also knows the attempts running in this process, which are not interrupted.</remarks>
public sealed class StripeAttempts
{
    /// <summary>Attempts running in this process, by the start time they stored (an older row is an interrupted attempt's).</summary>
    private readonly ConcurrentDictionary<(Guid Connection, string Record), long> _running = new();

    /// <summary>Records the attempt before the plan's first Stripe write (nothing when the plan writes nothing).</summary>
    /// <returns>Whether an attempt was recorded, to be finished by <see cref="FinishAsync"/>.</returns>
    public async Task<bool> StartAsync(IdMapScope scope, string recordId, SyncPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Operations.Count == 0)
        {
            return false;
        }

        _running[(scope.ConnectionId, recordId)] = now.ToUnixTimeMilliseconds();
        var creates = plan.Operations.Where(static o => o.Kind.IsCreate())
            .Select(static o => o.SourceRecordId).Append(recordId).ToHashSet(StringComparer.Ordinal);
        try
        {
            await scope.Store.StartAttemptAsync(new StripeWriteAttempt(scope.ConnectionId, recordId, creates, now), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(scope.ConnectionId, recordId);
            throw;
        }

        return true;
    }

    /// <summary>The id map holds what the attempt made: nothing of it is left to search for.</summary>
    public async Task FinishAsync(IdMapScope scope, string recordId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await scope.Store.FinishAttemptAsync(scope.ConnectionId, recordId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The attempt no longer runs in this process (finished, failed or cancelled): if still started in the store, it was interrupted.</summary>
    public void Leave(Guid connectionId, string recordId)
    {
        _running.TryRemove((connectionId, recordId), out _);
    }

    /// <summary>
    /// The records an interrupted attempt (started, not finished, not running in this process) may have created Stripe
    /// objects for, the attempts' own records included: only these are searched for by metadata.
    /// </summary>
    public async Task<IReadOnlySet<string>> OrphanSourcesAsync(IdMapScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var attempts = await scope.Store.GetUnfinishedAttemptsAsync(scope.ConnectionId, cancellationToken).ConfigureAwait(false);
        return attempts
            .Where(a => !(_running.TryGetValue((a.ConnectionId, a.RecordId), out var started) && started == a.StartedAt.ToUnixTimeMilliseconds()))
            .SelectMany(static a => a.Creates.Append(a.RecordId))
            .ToHashSet(StringComparer.Ordinal);
    }
}
