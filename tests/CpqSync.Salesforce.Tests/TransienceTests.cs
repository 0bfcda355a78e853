using System.Net;

namespace CpqSync.Salesforce.Tests;

/// <summary>One verdict on Salesforce failures, the same for a refused request and for a record refused in a write.</summary>
public sealed class TransienceTests
{
    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "REQUEST_LIMIT_EXCEEDED")]
    [InlineData(HttpStatusCode.BadRequest, "QUERY_TIMEOUT")]
    [InlineData(HttpStatusCode.BadRequest, "UNABLE_TO_LOCK_ROW")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SERVER_UNAVAILABLE")]
    public void A_failure_that_passes_on_its_own_is_transient_on_the_exception_and_on_a_refused_record(HttpStatusCode status, string code)
    {
        var error = new SalesforceError(code, "refused", []);

        Assert.True(new SalesforceApiException(status, [error], rawBody: null).IsTransient);
        Assert.True(SalesforceTransience.IsTransient([error]));
    }

    [Theory]
    [InlineData("REQUIRED_FIELD_MISSING")]
    [InlineData("INVALID_FIELD")]
    [InlineData("FIELD_CUSTOM_VALIDATION_EXCEPTION")]
    public void A_failure_that_needs_a_fix_is_not_transient(string code)
    {
        var error = new SalesforceError(code, "refused", []);

        Assert.False(new SalesforceApiException(HttpStatusCode.BadRequest, [error], rawBody: null).IsTransient);
        Assert.False(SalesforceTransience.IsTransient([error]));
    }
}
