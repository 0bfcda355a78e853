using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Maps Stripe endpoints and runs each call: parameters, idempotency, injected faults, the handler under the account
/// lock, <c>expand[]</c>, then the answer (or a dropped connection).
/// </summary>
internal sealed class StripeRouter(IEndpointRouteBuilder routes, StripeAccount account, IdempotencyStore idempotency, StripeFaults faults)
{
    private const int MaxIdempotencyKeyLength = 255;

    public void Get(string pattern, Func<StripeRequest, JsonObject> handler) => Map("GET", pattern, handler);

    public void Post(string pattern, Func<StripeRequest, JsonObject> handler) => Map("POST", pattern, handler);

    public void Delete(string pattern, Func<StripeRequest, JsonObject> handler) => Map("DELETE", pattern, handler);

    private void Map(string method, string pattern, Func<StripeRequest, JsonObject> handler) =>
        routes.MapMethods(pattern, [method], (HttpContext context) => RunAsync(context, handler, context.RequestAborted));

    private async Task RunAsync(HttpContext context, Func<StripeRequest, JsonObject> handler, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var apiKey = (string)context.Items[StripeMiddleware.ApiKeyItem]!;
        var idempotencyKey = request.Method == "POST" ? request.Headers["Idempotency-Key"].ToString() : string.Empty;
        var claimed = false;
        try
        {
            var encoded = request.Method == "POST" ? await ReadBodyAsync(request, cancellationToken) : request.QueryString.Value ?? "";
            var parameters = FormParser.Parse(encoded);
            if (idempotencyKey.Length > MaxIdempotencyKeyLength)
            {
                throw StripeErrorException.Invalid(
                    $"Idempotency keys can be at most {MaxIdempotencyKeyLength} characters long; this one has {idempotencyKey.Length}.");
            }

            if (idempotencyKey.Length > 0)
            {
                var endpoint = $"{request.Method} {request.Path}";
                var saved = idempotency.Claim(apiKey, idempotencyKey, endpoint, Fingerprint(encoded));
                if (saved is not null)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                    context.Response.Headers["Original-Request"] = saved.RequestId;
                    await StripeResponses.WriteJsonAsync(context, saved.StatusCode, saved.Body, cancellationToken);
                    return;
                }

                claimed = true;
            }

            await InjectFaultsAsync(cancellationToken);
            var body = Execute(context, parameters, handler);
            if (claimed)
            {
                idempotency.Complete(apiKey, idempotencyKey, new IdempotencyStore.Saved(200, body, StripeResponses.RequestId(context)));
                claimed = false;
            }

            if (faults.DropAfterRequest())
            {
                // The request ran and its result is saved; the client only loses the answer, as on a real network.
                context.Abort();
                return;
            }

            await StripeResponses.WriteJsonAsync(context, 200, body, cancellationToken);
        }
        catch (StripeErrorException error)
        {
            if (claimed)
            {
                idempotency.Release(apiKey, idempotencyKey);
                claimed = false;
            }

            if (error.StatusCode >= 500 && faults.ShouldRetry is { } shouldRetry)
            {
                context.Response.Headers["Stripe-Should-Retry"] = shouldRetry ? "true" : "false";
            }

            await StripeResponses.WriteErrorAsync(context, error, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A defect of the emulator: answer like Stripe's own internal errors rather than with an empty 500.
            if (claimed)
            {
                idempotency.Release(apiKey, idempotencyKey);
                claimed = false;
            }

            var error = new StripeErrorException(500, "api_error", $"An unknown error occurred: {exception.Message}");
            await StripeResponses.WriteErrorAsync(context, error, cancellationToken);
        }
        finally
        {
            // The client went away before the request ran (e.g. during injected latency): nothing was saved, so the
            // key must be free for its retry instead of answering idempotency_key_in_use forever.
            if (claimed)
            {
                idempotency.Release(apiKey, idempotencyKey);
            }
        }
    }

    private async Task InjectFaultsAsync(CancellationToken cancellationToken)
    {
        var latency = faults.Latency;
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, account.Time, cancellationToken);
        }

        if (faults.TakeServerError())
        {
            throw new StripeErrorException(500, "api_error",
                "An unknown error occurred while processing your request. Please try again later.");
        }
    }

    private string Execute(HttpContext context, ParamHash parameters, Func<StripeRequest, JsonObject> handler)
    {
        var expand = parameters.Strings("expand") ?? [];
        parameters.Remove("expand");
        var route = context.Request.RouteValues.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "");
        var path = context.Request.Path + context.Request.QueryString;
        var version = context.Response.Headers["Stripe-Version"].ToString();
        var request = new StripeRequest(parameters, route, account, path, version);
        var gate = account.Store.Gate;
        if (context.Request.Method == "GET" && !account.Store.Persistent)
        {
            // Reads run side by side, unless time has something to move first.
            gate.EnterReadLock();
            try
            {
                if (!account.NeedsAdvance)
                {
                    return Run(request, handler, expand);
                }
            }
            finally
            {
                gate.ExitReadLock();
            }
        }

        gate.EnterWriteLock();
        try
        {
            if (account.NeedsAdvance)
            {
                account.Advance();
            }

            if (context.Request.Method != "GET")
            {
                account.Store.Begin();
            }

            try
            {
                var body = Run(request, handler, expand);
                account.Store.Commit();
                // Reads save too when the account is kept on disk: time moving on may have renewed or ended subscriptions.
                account.Store.Save();
                return body;
            }
            catch
            {
                account.Store.Rollback();
                throw;
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private string Run(StripeRequest request, Func<StripeRequest, JsonObject> handler, IReadOnlyList<string> expand)
    {
        var result = handler(request);
        Expander.Expand(result, expand, account.Resolve);
        Expander.StripHidden(result);
        return StripeResponses.Serialize(result);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>The request's parameters regardless of their order, to compare a replay with the first request.</summary>
    private static string Fingerprint(string encoded) =>
        string.Join('&', encoded.Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
}
