namespace CpqSync.Sandbox.Salesforce.PubSub;

/// <summary>
/// Who performs the DML running on this call path, and through which API: what change events report as
/// <c>commitUser</c> and <c>changeOrigin</c> (<c>com/salesforce/api/rest/62.0;client=CpqSync</c>). Set by the REST
/// endpoint around each request; DML without one (the org's own seeds, in-process callers) is the API user's, with an
/// empty origin as Salesforce leaves it for changes not made through an API.
/// </summary>
internal sealed record DmlOrigin(string UserId, string ChangeOrigin)
{
    private static readonly AsyncLocal<DmlOrigin?> CurrentOrigin = new();

    public static DmlOrigin? Current => CurrentOrigin.Value;

    /// <summary>Runs the rest of this call path as <paramref name="origin"/>; dispose to restore the previous one.</summary>
    public static IDisposable Use(DmlOrigin origin)
    {
        var previous = CurrentOrigin.Value;
        CurrentOrigin.Value = origin;
        return new Restore(previous);
    }

    /// <summary>The origin of a REST call: the API and its version, and the client named in <c>Sforce-Call-Options</c>.</summary>
    public static DmlOrigin Rest(string userId, string apiVersion, string? client) =>
        new(userId, $"com/salesforce/api/rest/{apiVersion}" + (string.IsNullOrEmpty(client) ? "" : $";client={client}"));

    private sealed class Restore(DmlOrigin? previous) : IDisposable
    {
        public void Dispose() => CurrentOrigin.Value = previous;
    }
}
