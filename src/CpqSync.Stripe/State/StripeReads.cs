using System.Net;
using Stripe;

namespace CpqSync.Stripe.State;

/// <summary>
/// One Stripe GET: counted, a missing object turned into <see langword="null"/>, every other failure into a
/// <see cref="StripeStateReadException"/>.
/// </summary>
internal sealed class StripeReads(StripeClient client)
{
    private int _calls;

    public StripeClient Client { get; } = client;

    /// <summary>Stripe API calls made so far.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The object at <paramref name="path"/>, or <see langword="null"/> when Stripe answers <c>404</c> / <c>resource_missing</c>.</summary>
    public async Task<T?> GetOrMissingAsync<T>(string path, Func<CancellationToken, Task<T>> get, CancellationToken cancellationToken)
        where T : class
    {
        Interlocked.Increment(ref _calls);
        try
        {
            return await get(cancellationToken).ConfigureAwait(false);
        }
        catch (StripeException missing) when (missing.HttpStatusCode == HttpStatusCode.NotFound || missing.StripeError?.Code == StripeErrorCodes.ResourceMissing)
        {
            return null;
        }
        catch (StripeException refused)
        {
            throw Refused(path, refused);
        }
        catch (Exception unreachable) when (StripeRetryPolicy.IsConnectionFailure(unreachable) && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(path, unreachable);
        }
    }

    /// <summary>A read that must succeed (a list or a search): nothing missing is expected.</summary>
    public async Task<T> GetAsync<T>(string path, Func<CancellationToken, Task<T>> get, CancellationToken cancellationToken)
        where T : class
    {
        Interlocked.Increment(ref _calls);
        try
        {
            return await get(cancellationToken).ConfigureAwait(false);
        }
        catch (StripeException refused)
        {
            throw Refused(path, refused);
        }
        catch (Exception unreachable) when (StripeRetryPolicy.IsConnectionFailure(unreachable) && !cancellationToken.IsCancellationRequested)
        {
            throw Unreachable(path, unreachable);
        }
    }

    private static StripeStateReadException Refused(string path, StripeException refused)
    {
        var error = refused.StripeError;
        var transient = StripeRetryPolicy.IsTransient(refused.HttpStatusCode, StripeRetryPolicy.StripeSaysRetry(refused.StripeResponse?.Headers));
        return new StripeStateReadException($"Stripe refused GET {path}: {error?.Message ?? refused.Message}", path,
            (int)refused.HttpStatusCode, error?.Type ?? "api_error", error?.Code, refused.StripeResponse?.RequestId, transient, refused);
    }

    private static StripeStateReadException Unreachable(string path, Exception cause) =>
        new($"Stripe could not be reached for GET {path}: {cause.Message}", path, null, "api_connection_error", null, null,
            isTransient: true, cause);
}
