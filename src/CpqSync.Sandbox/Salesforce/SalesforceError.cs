using System.Text.Json.Serialization;

namespace CpqSync.Sandbox.Salesforce;

/// <summary>One entry of Salesforce's error array: <c>[{"message":"…","errorCode":"…","fields":[…]}]</c>.</summary>
public sealed record SalesforceError(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("fields")] IReadOnlyList<string> Fields)
{
    public SalesforceError(string errorCode, string message)
        : this(errorCode, message, [])
    {
    }
}

/// <summary>
/// An expected failure the emulated org answers with an error array and an HTTP status
/// (400 for bad requests and DML errors, 404 NOT_FOUND, 401 INVALID_SESSION_ID, 403 REQUEST_LIMIT_EXCEEDED, …).
/// </summary>
public sealed class SalesforceErrorException : Exception
{
    public SalesforceErrorException(int statusCode, IReadOnlyList<SalesforceError> errors)
        : base(errors.Count > 0 ? $"{errors[0].ErrorCode}: {errors[0].Message}" : "Salesforce error")
    {
        StatusCode = statusCode;
        Errors = errors;
    }

    public SalesforceErrorException(int statusCode, string errorCode, string message, params string[] fields)
        : this(statusCode, [new SalesforceError(errorCode, message, fields)])
    {
    }

    public int StatusCode { get; }

    public IReadOnlyList<SalesforceError> Errors { get; }

    public string ErrorCode => Errors.Count > 0 ? Errors[0].ErrorCode : "UNKNOWN_EXCEPTION";
}
