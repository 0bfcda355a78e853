using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CpqSync.Sandbox.Stripe.Http;

/// <summary>
/// <c>/_sandbox/faults</c>: GET shows the faults in force; POST (form or JSON) changes the fields it names
/// (<c>latency_ms</c>, <c>server_error_rate</c>, <c>drop_connection_rate</c>, <c>fail_next_requests</c>,
/// <c>drop_next_requests</c>, <c>rate_limit_next_requests</c>, <c>should_retry</c>); DELETE clears them all.
/// It is not part of Stripe's API, so it needs no key and no fault applies to it.
/// </summary>
internal static class FaultEndpoints
{
    public static void Map(WebApplication app, StripeFaults faults)
    {
        app.MapGet("/_sandbox/faults", (HttpContext context) => WriteAsync(context, faults));
        app.MapDelete("/_sandbox/faults", (HttpContext context) =>
        {
            faults.Reset();
            return WriteAsync(context, faults);
        });
        app.MapPost("/_sandbox/faults", async (HttpContext context) =>
        {
            try
            {
                var values = await ReadAsync(context.Request, context.RequestAborted);
                faults.Update(options => Apply(options, values));
            }
            catch (Exception error) when (error is FormatException or JsonException or OverflowException)
            {
                await StripeResponses.WriteErrorAsync(context, StripeErrorException.Invalid(error.Message), context.RequestAborted);
                return;
            }

            await WriteAsync(context, faults);
        });
    }

    private static Task WriteAsync(HttpContext context, StripeFaults faults) =>
        StripeResponses.WriteJsonAsync(context, 200, StripeResponses.Serialize(faults.ToJson()), context.RequestAborted);

    private static async Task<Dictionary<string, string?>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.EnumerateObject().ToDictionary(
                property => property.Name,
                property => property.Value.ValueKind == JsonValueKind.Null ? null : property.Value.ToString().ToLowerInvariant());
        }

        var form = FormParser.Parse(body);
        return form.Keys.ToDictionary(key => key, key => (string?)form.String(key));
    }

    private static void Apply(StripeFaultOptions options, Dictionary<string, string?> values)
    {
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "latency_ms":
                    options.Latency = TimeSpan.FromMilliseconds(double.Parse(value ?? "0", CultureInfo.InvariantCulture));
                    break;
                case "server_error_rate":
                    options.ServerErrorRate = Rate(value);
                    break;
                case "drop_connection_rate":
                    options.DropConnectionRate = Rate(value);
                    break;
                case "fail_next_requests":
                    options.FailNextRequests = Count(value);
                    break;
                case "drop_next_requests":
                    options.DropNextRequests = Count(value);
                    break;
                case "rate_limit_next_requests":
                    options.RateLimitNextRequests = Count(value);
                    break;
                case "should_retry":
                    options.ShouldRetry = string.IsNullOrEmpty(value) ? null : bool.Parse(value);
                    break;
                default:
                    throw new FormatException($"Unknown fault setting: {name}");
            }
        }
    }

    private static double Rate(string? value)
    {
        var rate = double.Parse(value ?? "0", CultureInfo.InvariantCulture);
        return rate is >= 0 and <= 1 ? rate : throw new FormatException("A rate is between 0 and 1.");
    }

    private static int Count(string? value)
    {
        var count = int.Parse(value ?? "0", CultureInfo.InvariantCulture);
        return count >= 0 ? count : throw new FormatException("A count is 0 or more.");
    }
}
