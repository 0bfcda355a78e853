namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>The REST API's own errors (the org and SOQL engine throw theirs), with Salesforce's codes and texts.</summary>
internal static class RestErrors
{
    public static SalesforceErrorException NotFound() =>
        new(404, "NOT_FOUND", "The requested resource does not exist");

    public static SalesforceErrorException MethodNotAllowed(string method, string allowed) =>
        new(405, "METHOD_NOT_ALLOWED", $"HTTP Method '{method}' not allowed. Allowed are {allowed}");

    public static SalesforceErrorException NoBody() =>
        new(400, "JSON_PARSER_ERROR", "The HTTP entity body is required, but this request has no entity body.");

    public static SalesforceErrorException BadJson(string detail) =>
        new(400, "JSON_PARSER_ERROR", detail);

    public static SalesforceErrorException InvalidSession() =>
        new(401, "INVALID_SESSION_ID", "Session expired or invalid");

    public static SalesforceErrorException LimitExceeded() =>
        new(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
}
