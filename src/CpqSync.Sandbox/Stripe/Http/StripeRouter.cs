using System.Text.Json.Nodes;
using CpqSync.Sandbox.Locking;
using CpqSync.Sandbox.Stripe.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// Maps Stripe endpoints and runs each call: parameters, idempotency, injected faults, the handler as a transaction
/// on the objects it touches (<see cref="StripeStore"/>), <c>expand[]</c>, then the answer (or a dropped connection).
/// </summary>
internal sealed class StripeRouter(IEndpointRouteBuilder routes, StripeAccount account, IdempotencyStore idempotency, StripeFaults faults)
{
    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>
    /// Attempts a request makes with per-object locks before it runs alone: each attempt that runs into another
    /// request's object is undone and waits for it, so only a request that keeps colliding (a list or search over a
    /// whole kind while many writes run) ends up excluding the others.
    /// </summary>
    private const int SharedAttempts = 8;

    /// <summary>
    /// Catalogue kinds a write outside their own endpoints only reads (prices and products, shared by many orders),
    /// so it locks them shared; coupons are not among them: redeeming one counts it.
    /// </summary>
    private static readonly Dictionary<string, string> CatalogueRoutes = new(StringComparer.Ordinal)
    {
        ["price"] = "/v1/prices",
        ["product"] = "/v1/products",
    };

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
            _ = FormParser.Parse(encoded);
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
            var body = Execute(context, encoded, handler, cancellationToken);
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

    /// <summary>
    /// Runs the handler as one transaction: side by side with other requests, locking the objects it touches, and
    /// again from scratch whenever it runs into an object another request holds. Time moving objects along (when
    /// something is due), test clocks (which move every object of their customers) and an account kept on disk (saved
    /// whole after each request) run alone, as does a request that keeps colliding. A write also brings what it
    /// touched up to now before it commits, so time never has to catch up after it.
    /// </summary>
    private string Execute(HttpContext context, string encoded, Func<StripeRequest, JsonObject> handler, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        var write = method != "GET";
        var path = context.Request.Path.Value ?? "";
        var coarse = account.Store.Persistent || (write && path.StartsWith("/v1/test_helpers/test_clocks", StringComparison.Ordinal));
        var readOnlyKinds = CatalogueRoutes.Where(route => !path.StartsWith(route.Value, StringComparison.Ordinal)
                && !(route.Key == "price" && path.StartsWith("/v1/plans", StringComparison.Ordinal)))
            .Select(route => route.Key).ToHashSet(StringComparer.Ordinal);
        var gate = account.Gate;
        for (var attempt = 1; ; attempt++)
        {
            var alone = coarse || attempt > SharedAttempts || account.NeedsAdvance;
            if (alone)
            {
                gate.EnterWriteLock();
            }
            else
            {
                gate.EnterReadLock();
            }

            LockConflictException? conflict = null;
            try
            {
                if (alone && account.NeedsAdvance)
                {
                    account.Advance();
                }

                var parameters = FormParser.Parse(encoded);
                var expand = parameters.Strings("expand") ?? [];
                parameters.Remove("expand");
                var route = context.Request.RouteValues.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "");
                var request = new StripeRequest(parameters, route, account, context.Request.Path + context.Request.QueryString,
                    context.Response.Headers["Stripe-Version"].ToString());
                account.Store.Begin(write, readOnlyKinds);
                try
                {
                    var body = Run(request, handler, expand);
                    if (write)
                    {
                        var moved = Resources.ScheduleEngine.AdvanceWritten(account, account.Store.Touched());
                        account.WriteHook?.Invoke(method, path, encoded);
                        account.Store.Commit();
                        // Filed while the objects are still locked, so two writes of one object file it in their order.
                        Resources.ScheduleEngine.Schedule(account, moved);
                    }

                    if (account.Store.Persistent)
                    {
                        // Reads save too when the account is kept on disk: time moving on may have renewed or ended subscriptions.
                        account.Store.Save();
                    }

                    return body;
                }
                catch (LockConflictException exception)
                {
                    account.Store.Rollback();
                    conflict = exception;
                }
                catch
                {
                    account.Store.Rollback();
                    throw;
                }
                finally
                {
                    account.Store.Release();
                }
            }
            finally
            {
                if (alone)
                {
                    gate.ExitWriteLock();
                }
                else
                {
                    gate.ExitReadLock();
                }
            }

            if (conflict is not null)
            {
                account.Store.Locks.WaitFor(conflict, cancellationToken);
            }
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
