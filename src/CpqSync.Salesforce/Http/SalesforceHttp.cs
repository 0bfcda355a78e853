namespace CpqSync.Salesforce.Http;

/// <summary>Names shared by the client, the authenticator and the resilience pipeline.</summary>
internal static class SalesforceHttp
{
    /// <summary>The named <see cref="HttpClient"/> every Salesforce call goes through.</summary>
    public const string ClientName = "CpqSync.Salesforce";

    /// <summary>
    /// Marks a POST as safe to repeat (token grants other than the one-time authorization code). Other methods are
    /// judged by their verb: GET, PATCH (update, upsert by external id) and DELETE may be repeated; POST creates may not.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> RetrySafe = new("CpqSync.Salesforce.RetrySafe");

    public static bool IsRetrySafe(HttpRequestMessage request) =>
        request.Method != HttpMethod.Post || (request.Options.TryGetValue(RetrySafe, out var safe) && safe);
}
