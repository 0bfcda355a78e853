using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CpqSync.Sandbox.Salesforce.Http;

/// <summary>
/// Fault control for tests in another process, outside Salesforce's paths and so unreachable through its API:
/// <c>GET /_sandbox/faults</c>; <c>PUT</c> or <c>POST /_sandbox/faults</c> with any of
/// <c>{"latencyMs":250,"errorRate":0.1,"dropRate":0,"apiUsage":0}</c>; <c>DELETE /_sandbox/faults</c> clears latency,
/// errors and drops; <c>POST /_sandbox/faults/expire-sessions</c>, <c>/exhaust-api-limit</c>, <c>/reset-api-usage</c>.
/// </summary>
internal static class SandboxControlEndpoints
{
    public static void MapSandboxControl(this IEndpointRouteBuilder app, SandboxContext context)
    {
        var faults = context.Faults;
        app.MapGet("/_sandbox/faults", (HttpContext http) => WriteStateAsync(http, context));
        app.MapMethods("/_sandbox/faults", ["PUT", "POST"], async (HttpContext http) =>
        {
            if (!await ApplyAsync(http, context, http.RequestAborted))
            {
                return;
            }

            await WriteStateAsync(http, context);
        });
        app.MapDelete("/_sandbox/faults", (HttpContext http) => Then(http, context, () =>
        {
            faults.Latency = TimeSpan.Zero;
            faults.ErrorRate = 0;
            faults.DropRate = 0;
        }));
        app.MapPost("/_sandbox/faults/expire-sessions", (HttpContext http) => Then(http, context, faults.ExpireSessions));
        app.MapPost("/_sandbox/faults/exhaust-api-limit", (HttpContext http) => Then(http, context, faults.ExhaustApiLimit));
        app.MapPost("/_sandbox/faults/reset-api-usage", (HttpContext http) => Then(http, context, faults.ResetApiUsage));
    }

    private static Task Then(HttpContext http, SandboxContext context, Action action)
    {
        action();
        return WriteStateAsync(http, context);
    }

    private static async Task<bool> ApplyAsync(HttpContext http, SandboxContext context, CancellationToken cancellationToken)
    {
        JsonObject? settings;
        try
        {
            settings = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            settings = null;
        }

        if (settings is null)
        {
            await http.Response.WriteJsonAsync(400, new JsonObject { ["error"] = "Expected a JSON object" }, cancellationToken);
            return false;
        }

        var faults = context.Faults;
        try
        {
            if (settings["latencyMs"] is { } latency)
            {
                faults.Latency = TimeSpan.FromMilliseconds(latency.GetValue<double>());
            }

            if (settings["errorRate"] is { } errorRate)
            {
                faults.ErrorRate = errorRate.GetValue<double>();
            }

            if (settings["dropRate"] is { } dropRate)
            {
                faults.DropRate = dropRate.GetValue<double>();
            }

            if (settings["apiUsage"] is { } usage && usage.GetValue<long>() == 0)
            {
                faults.ResetApiUsage();
            }
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            await http.Response.WriteJsonAsync(400, new JsonObject { ["error"] = "Numbers expected: " + e.Message }, cancellationToken);
            return false;
        }

        return true;
    }

    private static Task WriteStateAsync(HttpContext http, SandboxContext context)
    {
        var faults = context.Faults;
        var state = new JsonObject
        {
            ["latencyMs"] = faults.Latency.TotalMilliseconds,
            ["errorRate"] = faults.ErrorRate,
            ["dropRate"] = faults.DropRate,
            ["apiUsage"] = context.Usage.Used,
            ["dailyApiLimit"] = context.Usage.Limit,
            ["limitInfo"] = context.Usage.LimitInfo,
        };
        return http.Response.WriteJsonAsync(200, state, http.RequestAborted);
    }
}
