using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Reports go to artifacts/benchmarks (ignored by git), not to a folder at the repository root.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine("artifacts", "benchmarks"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

/// <summary>Entry point; the benchmarks are in <see cref="CpqSync.Benchmarks.PlanningBenchmarks"/>.</summary>
public partial class Program;
