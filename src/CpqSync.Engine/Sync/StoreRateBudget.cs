using CpqSync.Storage;
using CpqSync.Stripe;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Engine.Sync;

/// <summary>
/// The Stripe rate budget kept in the store's token table, so every worker and backfill on one store paces
/// against one budget per account; without a store, or with one not migrated yet (a preview opens the store without
/// migrating it), nothing is shared and the process paces alone. A store registered without its migrator (its owner
/// migrates it) is taken to hold the table: sharing is never dropped silently for want of a way to ask.
/// </summary>
internal sealed class StoreRateBudget(IServiceProvider services) : IStripeRateBudget
{
    /// <summary>The store migration that creates the token table ("shared rate budgets").</summary>
    private const int RateBudgetsVersion = 8;

    private IRateBudgets? _budgets;
    private volatile bool _checked;

    public async Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken)
    {
        if (!_checked)
        {
            var budgets = services.GetService<IRateBudgets>();
            var migrator = services.GetService<IStoreMigrator>();
            _budgets = budgets is not null
                && (migrator is null || await migrator.GetSchemaVersionAsync(cancellationToken).ConfigureAwait(false) >= RateBudgetsVersion)
                    ? budgets
                    : null;
            _checked = true;
        }

        return _budgets is { } shared
            ? await shared.ClaimAsync(budget, wanted, perSecond, capacity, cancellationToken).ConfigureAwait(false)
            : wanted;
    }
}
