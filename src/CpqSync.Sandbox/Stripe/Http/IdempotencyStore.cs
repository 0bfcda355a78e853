namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Stripe's idempotent requests: the first response to a key is saved and replayed for 24 hours (emulated time) to
/// requests with the same key and parameters; other parameters are an <c>idempotency_error</c>, and a request arriving
/// while the first is still running gets <c>409 idempotency_key_in_use</c>. As Stripe documents, nothing is saved for
/// requests that failed validation or never started executing, so those keys stay free to retry.
/// </summary>
internal sealed class IdempotencyStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public sealed record Saved(int StatusCode, string Body, string RequestId);

    /// <summary>Claims the key for this request, or returns the saved response to replay.</summary>
    public Saved? Claim(string apiKey, string key, string endpoint, string fingerprint)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var id = apiKey + "\n" + key;
            if (_entries.TryGetValue(id, out var entry) && now - entry.Created < Lifetime)
            {
                if (entry.Response is null)
                {
                    throw new StripeErrorException(409, "invalid_request_error",
                        "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again " +
                        "later, once the original request has completed.", "idempotency_key_in_use");
                }

                if (entry.Endpoint != endpoint)
                {
                    throw new StripeErrorException(400, "idempotency_error",
                        $"Keys for idempotent requests can only be used for the same endpoint they were first used for " +
                        $"('{entry.Endpoint}' vs '{endpoint}'). Try using a key other than '{key}' if you meant to execute " +
                        "a different request.");
                }

                if (entry.Fingerprint != fingerprint)
                {
                    throw new StripeErrorException(400, "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
                        $"Try using a key other than '{key}' if you meant to execute a different request.");
                }

                return entry.Response;
            }

            _entries[id] = new Entry(now, endpoint, fingerprint, null);
            return null;
        }
    }

    public void Complete(string apiKey, string key, Saved response)
    {
        lock (_lock)
        {
            var id = apiKey + "\n" + key;
            if (_entries.TryGetValue(id, out var entry))
            {
                _entries[id] = entry with { Response = response };
            }
        }
    }

    /// <summary>Frees a claimed key whose request was not executed or failed validation.</summary>
    public void Release(string apiKey, string key)
    {
        lock (_lock)
        {
            _entries.Remove(apiKey + "\n" + key);
        }
    }

    private sealed record Entry(DateTimeOffset Created, string Endpoint, string Fingerprint, Saved? Response);
}
