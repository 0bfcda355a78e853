namespace CpqSync.Engine.Tests.Support;

/// <summary>A bound on each test's I/O so a hung server fails the test instead of the run.</summary>
internal static class TestCancellation
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
