using System.Net;
using System.Text.Json;

namespace CpqSync.Salesforce;

/// <summary>A request the Salesforce REST API refused or failed, with its error array.</summary>
/// <remarks>
/// <see cref="IsTransient"/> is true when the same request may succeed later without any change (server errors,
/// throttling, row locks); retry decisions should read it rather than the message text. By the time this
/// exception reaches the caller, idempotent requests have already been retried.
/// </remarks>
public sealed class SalesforceApiException : Exception
{
    /// <summary>The <see cref="ErrorCode"/> of a request that got no answer (connection failure or attempt timeout).</summary>
    public const string ConnectionFailedCode = "CONNECTION_FAILED";

    public SalesforceApiException(HttpStatusCode statusCode, IReadOnlyList<SalesforceError> errors, string? rawBody, Exception? innerException = null)
        : base(Describe(statusCode, errors), innerException)
    {
        StatusCode = statusCode;
        Errors = errors;
        RawBody = rawBody;
    }

    /// <summary>The HTTP status of the response, or 0 when none arrived (<see cref="ConnectionFailedCode"/>).</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Every entry of the error array, in order (usually one).</summary>
    public IReadOnlyList<SalesforceError> Errors { get; }

    /// <summary>The first error's code, such as <c>MALFORMED_QUERY</c> or <c>REQUIRED_FIELD_MISSING</c>.</summary>
    public string ErrorCode => Errors.Count > 0 ? Errors[0].ErrorCode : "UNKNOWN_EXCEPTION";

    /// <summary>The first error's message as Salesforce wrote it.</summary>
    public string ErrorMessage => Errors.Count > 0 ? Errors[0].Message : string.Empty;

    /// <summary>The fields the first error names.</summary>
    public IReadOnlyList<string> Fields => Errors.Count > 0 ? Errors[0].Fields : [];

    /// <summary>The response body as received, for diagnostics (it never holds credentials).</summary>
    public string? RawBody { get; }

    /// <summary><see cref="SalesforceTransience"/>'s verdict on the status and the first error's code.</summary>
    public bool IsTransient => SalesforceTransience.IsTransient(StatusCode) || SalesforceTransience.IsTransient(ErrorCode);

    internal static SalesforceApiException ConnectionFailed(Exception cause) =>
        new(0, [new SalesforceError(ConnectionFailedCode, "No answer from Salesforce: " + cause.Message, [])], null, cause);

    internal static SalesforceApiException FromBody(HttpStatusCode statusCode, string body)
    {
        IReadOnlyList<SalesforceError> errors;
        try
        {
            errors = JsonSerializer.Deserialize<List<SalesforceErrorDto>>(body)?.Select(e => e.ToError()).ToList() ?? [];
        }
        catch (JsonException)
        {
            // Gateways in front of Salesforce answer HTML or plain text; keep the status and the body.
            errors = [new SalesforceError("UNKNOWN_EXCEPTION", $"HTTP {(int)statusCode} with a non-JSON body", [])];
        }

        return new SalesforceApiException(statusCode, errors, body);
    }

    private static string Describe(HttpStatusCode statusCode, IReadOnlyList<SalesforceError> errors) =>
        errors.Count > 0
            ? $"Salesforce answered {(int)statusCode} {errors[0].ErrorCode}: {errors[0].Message}"
            : $"Salesforce answered {(int)statusCode}";
}
