using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point; the benchmarks are in <see cref="CpqSync.Benchmarks.PlanningBenchmarks"/>.</summary>
public partial class Program;
