using System.Text.Json.Serialization;

namespace CpqSync.Salesforce;

/// <summary>
/// One entry of Salesforce's error array: <c>{"message":"…","errorCode":"…","fields":[…]}</c>. Collection results
/// spell the code <c>statusCode</c>; both arrive here as <see cref="ErrorCode"/>.
/// </summary>
public sealed record SalesforceError(string ErrorCode, string Message, IReadOnlyList<string> Fields);

internal sealed class SalesforceErrorDto
{
    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("statusCode")]
    public string? StatusCode { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("fields")]
    public List<string>? Fields { get; set; }

    public SalesforceError ToError() =>
        new(ErrorCode ?? StatusCode ?? "UNKNOWN_EXCEPTION", Message ?? string.Empty, Fields ?? []);
}
