namespace CpqSync.Engine.Tests.Sync;

/// <summary>Waits for a condition the engine reaches in the background, with a generous bound instead of a timed assertion.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? within = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Gave up waiting for {what}.");
    }
}
