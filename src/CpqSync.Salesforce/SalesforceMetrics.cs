using System.Diagnostics.Metrics;
using System.Net;

namespace CpqSync.Salesforce;

/// <summary>
/// The client's metrics, on the meter <c>CpqSync.Salesforce</c>: requests by method and status, rejected sessions,
/// and the org's daily API usage. (HTTP timings and retries come from .NET's and Polly's own meters.)
/// </summary>
internal sealed class SalesforceMetrics
{
    public const string MeterName = "CpqSync.Salesforce";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _sessionRejections;

    public SalesforceMetrics(IMeterFactory meterFactory, Func<ApiUsage?> apiUsage)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("cpqsync.salesforce.requests", "{request}", "REST API requests answered, by method and status.");
        _sessionRejections = meter.CreateCounter<long>(
            "cpqsync.salesforce.session.rejections", "{request}", "Requests Salesforce rejected with INVALID_SESSION_ID (each then renews and replays).");
        meter.CreateObservableGauge<long>(
            "cpqsync.salesforce.api.usage",
            () => apiUsage() is { } usage ? [new Measurement<long>(usage.Used, new KeyValuePair<string, object?>("limit", usage.Max))] : [],
            "{request}",
            "Daily API requests used, as of the latest response.");
    }

    public void RequestAnswered(HttpMethod method, HttpStatusCode status) =>
        _requests.Add(1, new("http.request.method", method.Method), new("http.response.status_code", (int)status));

    public void SessionRejected() => _sessionRejections.Add(1);
}
