using CpqSync.Storage;
using CpqSync.Stripe;

namespace CpqSync.Engine.Sync;

/// <summary>
/// The Stripe rate budget kept in the store's token table, so every worker and backfill on one store paces
/// against one budget per account; without a store, nothing is shared.
/// </summary>
internal sealed class StoreRateBudget(IServiceProvider services) : IStripeRateBudget
{
    private readonly Lazy<IRateBudgets?> _budgets = new(() => (IRateBudgets?)services.GetService(typeof(IRateBudgets)));

    public Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken) =>
        _budgets.Value is { } budgets
            ? budgets.ClaimAsync(budget, wanted, perSecond, capacity, cancellationToken)
            : Task.FromResult(wanted);
}
