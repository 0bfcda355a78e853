using System.Net.Http.Json;

namespace CpqSync.Sandbox.Stats;

/// <summary>Reads and resets a running sandbox's request counts over HTTP, as a test or benchmark in another process would.</summary>
public static class SandboxStatsClient
{
    public const string Path = "_sandbox/stats";

    /// <param name="baseUrl">The sandbox's base URL (the Salesforce login URL or the Stripe API base).</param>
    public static async Task<SandboxStats> ReadAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        return await http.GetFromJsonAsync<SandboxStats>(new Uri(baseUrl, Path), SandboxStats.Json, cancellationToken)
            ?? throw new InvalidOperationException($"{new Uri(baseUrl, Path)} answered no stats.");
    }

    /// <summary>Starts the counting again from zero (<c>DELETE /_sandbox/stats</c>).</summary>
    public static async Task ResetAsync(HttpClient http, Uri baseUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.DeleteAsync(new Uri(baseUrl, Path), cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
