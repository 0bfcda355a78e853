using BenchmarkDotNet.Attributes;
using CpqSync.Core.Planning;
using CpqSync.Core.Records;

namespace CpqSync.Benchmarks;

/// <summary>
/// Planning throughput: the target is at least 20,000 typical orders per second on one core (issue 5), i.e. a
/// mean under 50 µs for <see cref="TypicalFiveLineOrder"/>. On the shared 2-core build machine (load average
/// about 3, BenchmarkDotNet defaults, 2026-11-25): typical order 33.8 µs (about 29,600 orders/s), 46.8 KB
/// allocated, 24× indexing its snapshot; the 20-phase chain (77 operations, mostly clones of repeated prices)
/// 253 µs and 310 KB. Under heavy load the same code measures 35–55 µs: compare runs made together.
/// </summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private SyncInput _typical = null!;
    private SyncInput _amendmentChain = null!;
    private SfRecord[] _typicalRecords = null!;

    [GlobalSetup]
    public void Setup()
    {
        _typical = Snapshots.TypicalOrder(lines: 5);
        _amendmentChain = Snapshots.AmendmentChain(amendments: 19);
        _typicalRecords = [.. _typical.Records.All];
    }

    /// <summary>
    /// The yardstick the other results are a ratio of, measured in the same run: indexing the typical order's
    /// 19 records, the least any consumer of a snapshot does before reading it.
    /// </summary>
    [Benchmark(Baseline = true)]
    public RecordSet IndexTypicalSnapshot() => new(_typicalRecords);

    [Benchmark]
    public PlanResult TypicalFiveLineOrder() => SyncPlanner.Plan(_typical);

    /// <summary>The 20th phase of a schedule: the initial order plus 19 amendments aggregated.</summary>
    [Benchmark]
    public PlanResult TwentyPhaseAmendmentChain() => SyncPlanner.Plan(_amendmentChain);
}
