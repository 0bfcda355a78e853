namespace CpqSync.Stripe.State;

/// <summary>
/// Stripe could not be read (not a missing object, which simply does not resolve): a refused key, a server error
/// that outlived the retries, no answer at all.
/// </summary>
/// <remarks>
/// <see cref="IsTransient"/> says whether the same read may succeed later unchanged (connection failures, <c>409</c>,
/// <c>429</c>, <c>5xx</c>, or Stripe's own <c>Stripe-Should-Retry</c>); the engine turns it into a transient or a
/// permanent sync failure. By the time this is thrown the HTTP client has already retried.
/// </remarks>
public sealed class StripeStateReadException : Exception
{
    public StripeStateReadException(string message, string path, int? httpStatus, string errorType, string? code, string? requestId,
        bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        HttpStatus = httpStatus;
        ErrorType = errorType;
        Code = code;
        RequestId = requestId;
        IsTransient = isTransient;
    }

    /// <summary>The API path that failed (<c>/v1/customers/cus_…</c>).</summary>
    public string Path { get; }

    /// <summary>The HTTP status, or <see langword="null"/> when Stripe gave no answer.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// Stripe's error type (<c>invalid_request_error</c>, <c>api_error</c>, …), or <c>api_connection_error</c> without an answer.
    /// </summary>
    public string ErrorType { get; }

    /// <summary>Stripe's error code when it gave one.</summary>
    public string? Code { get; }

    /// <summary>Stripe's <c>Request-Id</c>, for its Dashboard logs and support.</summary>
    public string? RequestId { get; }

    public bool IsTransient { get; }
}
