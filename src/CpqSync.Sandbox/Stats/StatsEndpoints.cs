using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace CpqSync.Sandbox.Stats;

/// <summary>
/// The request counting both sandboxes share: a middleware counting every request outside <c>/_sandbox</c> under its
/// endpoint's route template, and <c>GET /_sandbox/stats</c> to read the counts, <c>DELETE /_sandbox/stats</c> (or
/// <c>POST /_sandbox/stats/reset</c>) to start them again.
/// </summary>
internal static class StatsEndpoints
{
    private const string ControlPrefix = "/_sandbox";

    /// <summary>
    /// Counts each request as its answer starts (before the client can see it, so a client that reads the stats after
    /// its answer finds it counted), as its connection is dropped, or when it ends unanswered. Must run after routing,
    /// so the endpoint is known.
    /// </summary>
    public static void UseRequestCounting(this IApplicationBuilder app, RequestCounter counter) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(ControlPrefix, StringComparison.Ordinal))
            {
                await next(http);
                return;
            }

            var call = new CountedCall();
            http.Features.Set(call);
            if (http.Features.Get<IHttpRequestLifetimeFeature>() is { } lifetime)
            {
                http.Features.Set<IHttpRequestLifetimeFeature>(new DropCounting(lifetime, () => Record(http, counter, call, dropped: true)));
            }

            http.Response.OnStarting(() =>
            {
                Record(http, counter, call, dropped: false);
                return Task.CompletedTask;
            });
            var failed = false;
            try
            {
                await next(http);
            }
            catch
            {
                failed = true;
                throw;
            }
            finally
            {
                if (!http.Response.HasStarted)
                {
                    if (failed)
                    {
                        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    }

                    Record(http, counter, call, dropped: http.RequestAborted.IsCancellationRequested);
                }
            }
        });

    /// <param name="pubSub">The Pub/Sub API's counts and how to reset them (the org only).</param>
    public static void MapStats(
        this IEndpointRouteBuilder app, RequestCounter counter, Func<PubSubCounts>? pubSub = null, Action? resetPubSub = null)
    {
        app.MapGet(ControlPrefix + "/stats", (HttpContext http) => WriteAsync(http, counter, pubSub));
        app.MapDelete(ControlPrefix + "/stats", (HttpContext http) => ResetAsync(http, counter, pubSub, resetPubSub));
        app.MapPost(ControlPrefix + "/stats/reset", (HttpContext http) => ResetAsync(http, counter, pubSub, resetPubSub));
    }

    private static void Record(HttpContext http, RequestCounter counter, CountedCall call, bool dropped)
    {
        if (call.TryFinish())
        {
            counter.Record(http.Request.Method, call.Route ?? RouteOf(http), http.Response.StatusCode, dropped, call);
        }
    }

    /// <summary>The route template of the endpoint that served the request; catch-alls and fallbacks are <see cref="RequestCounter.Unrouted"/>.</summary>
    private static string RouteOf(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern: var pattern } && !pattern.Parameters.Any(static p => p.IsCatchAll)
            ? pattern.RawText ?? RequestCounter.Unrouted
            : RequestCounter.Unrouted;

    private static Task ResetAsync(HttpContext http, RequestCounter counter, Func<PubSubCounts>? pubSub, Action? resetPubSub)
    {
        counter.Reset();
        resetPubSub?.Invoke();
        return WriteAsync(http, counter, pubSub);
    }

    private static async Task WriteAsync(HttpContext http, RequestCounter counter, Func<PubSubCounts>? pubSub)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, counter.Read(pubSub?.Invoke()), SandboxStats.Json, http.RequestAborted);
    }

    /// <summary>Counts a connection the sandbox drops (an injected fault) before the client can notice.</summary>
    private sealed class DropCounting(IHttpRequestLifetimeFeature inner, Action dropped) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted
        {
            get => inner.RequestAborted;
            set => inner.RequestAborted = value;
        }

        public void Abort()
        {
            dropped();
            inner.Abort();
        }
    }
}
