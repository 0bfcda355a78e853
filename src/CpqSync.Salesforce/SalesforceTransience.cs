using System.Net;

namespace CpqSync.Salesforce;

/// <summary>
/// The one verdict on Salesforce failures: whether the same request (or the same record's write) may succeed later
/// unchanged. A request refused as a whole reads it through <see cref="SalesforceApiException.IsTransient"/> (a refused
/// token request through <see cref="Authentication.SalesforceOAuthException.IsTransient"/>); a record refused inside a
/// collection write reads it from its error codes; the HTTP pipeline repeats the statuses it calls transient.
/// </summary>
public static class SalesforceTransience
{
    /// <summary>
    /// Record locks, limits, timeouts, outages, a session that could not be renewed, a request that got no answer, and
    /// records of an all-or-none batch rolled back because of another record.
    /// </summary>
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "UNABLE_TO_LOCK_ROW",
        "REQUEST_LIMIT_EXCEEDED",
        "SERVER_UNAVAILABLE",
        "UNKNOWN_EXCEPTION",
        "QUERY_TIMEOUT",
        "REQUEST_RUNNING_TOO_LONG",
        "INVALID_SESSION_ID",
        SalesforceApiException.ConnectionFailedCode,
        SaveResult.RolledBackCode,
    };

    /// <summary>Whether an error code names a failure that passes on its own.</summary>
    public static bool IsTransient(string errorCode) => TransientCodes.Contains(errorCode);

    /// <summary>Whether any of a record's errors may pass on its own, so writing it again may succeed.</summary>
    public static bool IsTransient(IEnumerable<SalesforceError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Any(static e => IsTransient(e.ErrorCode));
    }

    /// <summary>Throttling and server errors: the status of a whole request that may pass on its own.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
