using System.Net;
using CpqSync.Salesforce.Tests.Support;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace CpqSync.Salesforce.Tests;

/// <summary>What happens when Salesforce rejects the session: one renewal, then the request again.</summary>
public class SessionRenewalTests
{
    [Fact]
    public async Task Concurrent_requests_rejected_together_share_one_renewal_and_are_replayed()
    {
        var issued = 0;
        var logs = new ListLoggerProvider();
        var handler = new RecordingHandler(r =>
        {
            if (r.Uri.AbsolutePath == "/services/oauth2/token")
            {
                return RecordingHandler.Token("00Dsession" + Interlocked.Increment(ref issued));
            }

            return r.BearerToken == "00Dsession1"
                ? RecordingHandler.Error(HttpStatusCode.Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid")
                : RecordingHandler.Json("""{"totalSize":1,"done":true,"records":[]}""");
        });
        await using var provider = ClientFactory.Build(handler, logs: logs);
        var client = provider.GetRequiredService<SalesforceClient>();
        using var metrics = new MetricsRecorder(provider.GetRequiredService<IMeterFactory>());

        var counts = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => client.CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token)));

        Assert.All(counts, c => Assert.Equal(1, c));
        Assert.Equal(2, handler.TokenRequests.Count);
        Assert.Equal(8, handler.ApiRequests.Count(r => r.BearerToken == "00Dsession2"));
        Assert.Contains(logs.Entries, e => e.EventId == SalesforceEventIds.SessionRenewing);
        var rejected = metrics.Measurements.Count(m => m.Name == "cpqsync.salesforce.requests" && Equals(m.Tags["http.response.status_code"], 401));
        Assert.InRange(rejected, 1, 8);
        Assert.Equal(rejected, metrics.Sum("cpqsync.salesforce.session.rejections"));
        Assert.Equal(8 + rejected, metrics.Sum("cpqsync.salesforce.requests"));
    }

    [Fact]
    public async Task A_session_rejected_again_after_renewal_surfaces_as_an_error()
    {
        var handler = new RecordingHandler(r => r.Uri.AbsolutePath == "/services/oauth2/token"
            ? RecordingHandler.Token("00Dsession")
            : RecordingHandler.Error(HttpStatusCode.Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid"));
        await using var provider = ClientFactory.Build(handler);

        var error = await Assert.ThrowsAsync<SalesforceApiException>(() =>
            provider.GetRequiredService<SalesforceClient>().CountAsync(Soql.Query($"SELECT COUNT() FROM Account"), TestCancellation.Token));

        Assert.Equal("INVALID_SESSION_ID", error.ErrorCode);
        Assert.Equal(2, handler.ApiRequests.Count);
        Assert.Equal(2, handler.TokenRequests.Count);
    }

    [Fact]
    public async Task Logs_never_contain_credentials_or_tokens()
    {
        var logs = new ListLoggerProvider();
        var first = true;
        var handler = new RecordingHandler(r =>
        {
            if (r.Uri.AbsolutePath == "/services/oauth2/token")
            {
                return RecordingHandler.Token("00Dsecret-session");
            }

            if (first)
            {
                first = false;
                return RecordingHandler.Error(HttpStatusCode.Unauthorized, "INVALID_SESSION_ID", "Session expired or invalid");
            }

            return RecordingHandler.Error(HttpStatusCode.BadRequest, "MALFORMED_QUERY", "unexpected token");
        });
        await using var provider = ClientFactory.Build(handler, o => o.SecurityToken = "SECTOKEN", logs: logs);

        await Assert.ThrowsAsync<SalesforceApiException>(() => provider.GetRequiredService<SalesforceClient>()
            .CountAsync(Soql.Query($"SELECT COUNT() FROM Account WHERE Name = {"customer data"}"), TestCancellation.Token));

        Assert.NotEmpty(logs.Entries);
        Assert.All(logs.Entries, e =>
        {
            Assert.DoesNotContain("00Dsecret-session", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("pass-word-value", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECTOKEN", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("client-secret-value", e.Message, StringComparison.Ordinal);
        });
    }
}
