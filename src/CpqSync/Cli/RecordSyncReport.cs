using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Engine.Records;

namespace CpqSync.Cli;

/// <summary>What <c>cpqsync sync products|pricebook|account</c> prints: one line per record, its Stripe objects or its error.</summary>
public static class RecordSyncReport
{
    public static string Describe(RecordSyncResult result, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var failed = result.Items.Count(i => !i.Succeeded);
        var upToDate = result.Items.Count(i => i.ItemStatus() == RecordSyncItemStatus.Skipped);
        text.AppendLine(result.Items.Count == 0
            ? "Nothing to sync: the connection's filters leave none of these records."
            : $"{result.Items.Count} record(s): {result.Items.Count - failed - upToDate} synced"
                + (upToDate > 0 ? $", {upToDate} already up to date" : "") + $", {failed} not synced.");
        foreach (var item in result.Items)
        {
            if (item.ItemStatus() == RecordSyncItemStatus.Skipped)
            {
                text.AppendLine($"  {item.ObjectType} {item.RecordId} already up to date in Stripe: nothing to sync");
            }
            else if (item.Succeeded)
            {
                text.AppendLine($"  {item.ObjectType} {item.RecordId} synced");
                foreach (var id in item.StripeIds)
                {
                    text.AppendLine($"    {id}  {StripeLinks.Dashboard(id, testMode)}".TrimEnd());
                }
            }
            else
            {
                text.AppendLine($"  {item.ObjectType} {item.RecordId} not synced: {item.ErrorCode}: {OneLine.Of(item.Message)}");
                text.AppendLine(item.IsTransient
                    ? "    Temporary: run the same command again later."
                    : $"    Fix {item.ObjectType} {item.RecordId} in Salesforce (its Sync Record says the same), then run the command again.");
            }
        }

        foreach (var id in result.FilteredOut)
        {
            text.AppendLine($"  {id} skipped: the connection's filters exclude it.");
        }

        return text.ToString();
    }

    public static JsonObject Json(RecordSyncResult result, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new JsonObject
        {
            ["kind"] = CliJson.Snake(result.Target.Kind.ToString()),
            ["status"] = CliJson.Snake(result.Status.ToString()),
            ["records"] = new JsonArray(result.Items.Select(item => (JsonNode)new JsonObject
            {
                ["object"] = item.ObjectType,
                ["id"] = item.RecordId,
                ["status"] = CliJson.Snake(item.ItemStatus().ToString()),
                ["stripe_objects"] = new JsonArray(item.StripeIds
                    .Select(id => (JsonNode)new JsonObject { ["id"] = id, ["link"] = StripeLinks.Dashboard(id, testMode) }).ToArray()),
                ["error"] = item.ErrorCode is null ? null : new JsonObject
                {
                    ["code"] = item.ErrorCode,
                    ["message"] = item.Message,
                    ["transient"] = item.IsTransient,
                },
            }).ToArray()),
            ["filtered_out"] = new JsonArray(result.FilteredOut.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
        };
    }
}
