using CpqSync.Core.Errors;
using CpqSync.Core.Records;

namespace CpqSync.Core.Planning;

/// <summary>One line of the aggregate: an additive order line and how many of its units remain.</summary>
internal sealed record AggregatedLine(SfRecord Line, string Origin, long Quantity);

/// <summary>
/// Folds the delta lines of an initial order and its amendments into the items of each phase (docs/behaviour.md §7.4): lines
/// are chained by <c>SBQQ__RevisedOrderProduct__c</c> (always the first original line); positive lines append
/// to their chain, negative lines remove units from the most recent lines first (LIFO); fully terminated lines
/// disappear. Quantities therefore never go negative. The lines of the first order applied are chain origins even
/// when they revise a line: a renewal order's lines point at the renewed contract's lines (docs/behaviour.md §8), and
/// later orders may chain to either.
/// </summary>
internal sealed class LineAggregator
{
    private readonly Dictionary<string, List<AggregatedLine>> _chains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly List<string> _chainOrder = [];
    private bool _started;

    /// <summary>Applies one order's recurring lines, the initial order's first. Errors name the offending line.</summary>
    public SyncError? Apply(IEnumerable<(SfRecord Line, long Quantity)> lines)
    {
        var initial = !_started;
        _started = true;
        foreach (var (line, quantity) in lines)
        {
            var origin = line.GetString("SBQQ__RevisedOrderProduct__c") ?? line.Id;
            origin = _aliases.GetValueOrDefault(origin, origin);
            if (initial && origin != line.Id && !_chains.ContainsKey(origin))
            {
                // A line revising one outside this history (the renewed contract's) starts its chain here.
                _aliases.TryAdd(origin, line.Id);
                origin = line.Id;
            }

            var isOrigin = origin == line.Id;
            if (!_chains.TryGetValue(origin, out var chain))
            {
                if (!isOrigin)
                {
                    return SyncError.Of(SyncErrorCode.RevisedLineMissing, line.Type, line.Id, "SBQQ__RevisedOrderProduct__c", origin);
                }

                _chains[origin] = chain = [];
                _chainOrder.Add(origin);
            }

            if (quantity > 0)
            {
                chain.Add(new AggregatedLine(line, origin, quantity));
                continue;
            }

            var remove = -quantity;
            for (var i = chain.Count - 1; i >= 0 && remove > 0; i--)
            {
                var take = Math.Min(remove, chain[i].Quantity);
                chain[i] = chain[i] with { Quantity = chain[i].Quantity - take };
                remove -= take;
            }

            if (remove > 0)
            {
                return SyncError.Of(SyncErrorCode.TerminationQtyExceeds, line.Type, line.Id, "SBQQ__OrderedQuantity__c");
            }

            chain.RemoveAll(static l => l.Quantity == 0);
        }

        return null;
    }

    /// <summary>The current aggregate, chains in first-seen order, each chain oldest line first.</summary>
    public List<AggregatedLine> Current() => _chainOrder.SelectMany(origin => _chains[origin]).ToList();

    /// <summary>True when a line with this id is part of any chain (even fully terminated).</summary>
    public bool Knows(string origin) => _chains.ContainsKey(origin);
}
