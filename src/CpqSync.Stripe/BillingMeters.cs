using System.Text.Json;
using CpqSync.Core.Planning;
using Stripe;

namespace CpqSync.Stripe;

/// <summary>
/// Finds the active billing meter a <see cref="StripeOperationKind.CreateBillingMeter"/> operation would create, so a
/// second order of a metered product bills on the meter the first created.
/// </summary>
/// <remarks>
/// Stripe allows one active meter per event name and refuses a second. The plan's idempotency key replays the
/// creation only for 24 hours and only while the parameters (the product's name) are unchanged, so the event name,
/// which the planner derives from the Salesforce product id alone, is what identifies the meter.
/// </remarks>
internal static class BillingMeters
{
    private const int PageSize = 100;

    /// <summary>The id of the active meter with the operation's event name, or null when there is none yet.</summary>
    public static async Task<(string Id, string? RequestId)?> FindActiveAsync(StripeClient client, StripeOperation operation,
        CancellationToken cancellationToken)
    {
        var eventName = operation.Params.FirstOrDefault(static p => p.Key == "event_name").Value.Text
            ?? throw new InvalidOperationException($"Operation '{operation.Id}' creates a billing meter without an event name.");
        string? startingAfter = null;
        while (true)
        {
            var path = $"/v1/billing/meters?status=active&limit={PageSize}"
                + (startingAfter is null ? "" : $"&starting_after={Uri.EscapeDataString(startingAfter)}");
            var response = await client.RawRequestAsync(HttpMethod.Get, path, null, null, cancellationToken).ConfigureAwait(false);
            using var page = JsonDocument.Parse(response.Content);
            string? last = null;
            foreach (var meter in page.RootElement.GetProperty("data").EnumerateArray())
            {
                last = meter.GetProperty("id").GetString();
                if (meter.GetProperty("event_name").GetString() == eventName)
                {
                    return (last!, response.RequestId);
                }
            }

            if (last is null || !page.RootElement.GetProperty("has_more").GetBoolean())
            {
                return null;
            }

            startingAfter = last;
        }
    }
}
