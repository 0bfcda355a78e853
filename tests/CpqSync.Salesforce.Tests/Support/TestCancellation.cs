namespace CpqSync.Salesforce.Tests.Support;

/// <summary>A safety net so a broken test fails instead of hanging the suite; tests never wait on it.</summary>
internal static class TestCancellation
{
    public static CancellationToken Token => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
