namespace CpqSync.Storage;

/// <summary>
/// Token buckets kept in the store, so every process on one store shares a rate (the Stripe account's request budget):
/// each claim refills the bucket for the time since the last one and takes what it can, in one short transaction.
/// </summary>
public interface IRateBudgets
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> tokens from the bucket named <paramref name="budget"/>, which refills at
    /// <paramref name="perSecond"/> up to <paramref name="capacity"/> (and starts full).
    /// </summary>
    /// <returns>How many tokens were granted: 0 when the bucket is empty.</returns>
    Task<int> ClaimAsync(string budget, int wanted, double perSecond, int capacity, CancellationToken cancellationToken);
}
