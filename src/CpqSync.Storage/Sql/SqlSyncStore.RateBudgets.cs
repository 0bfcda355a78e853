namespace CpqSync.Storage.Sql;

internal sealed partial class SqlSyncStore : IRateBudgets
{
    private const long MicroTokens = 1_000_000;

    public Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(budget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wanted);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        var now = NowMs;
        var full = capacity * MicroTokens;
        return WriteAsync(async (db, tx) =>
        {
            await db.ExecuteAsync(
                tx,
                "INSERT INTO rate_budgets (budget, micro_tokens, refilled_at) VALUES (@budget, @full, @now) ON CONFLICT (budget) DO NOTHING",
                cancellationToken,
                ("budget", budget), ("full", full), ("now", now)).ConfigureAwait(false);
            // A no-op update that returns the row: it takes the row's lock on PostgreSQL (SQLite's write transaction
            // already holds the database's), so concurrent claims of one budget go one after another.
            var (held, refilledAt) = (await db.QueryAsync(
                tx,
                "UPDATE rate_budgets SET refilled_at = refilled_at WHERE budget = @budget RETURNING micro_tokens, refilled_at",
                r => (r.Int64(0), r.Int64(1)),
                cancellationToken,
                ("budget", budget)).ConfigureAwait(false))[0];
            // Another process's clock may be ahead: time never runs backwards for the bucket.
            var elapsedMs = Math.Max(0, now - refilledAt);
            var available = Math.Min(full, held + (long)(elapsedMs * perSecond * (MicroTokens / 1000)));
            var granted = (int)Math.Min(wanted, available / MicroTokens);
            await db.ExecuteAsync(
                tx,
                "UPDATE rate_budgets SET micro_tokens = @tokens, refilled_at = @at WHERE budget = @budget",
                cancellationToken,
                ("budget", budget), ("tokens", available - (granted * MicroTokens)), ("at", Math.Max(now, refilledAt))).ConfigureAwait(false);
            return granted;
        }, cancellationToken);
    }
}
