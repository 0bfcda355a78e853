using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CpqSync.Engine.Sync;
using CpqSync.Stripe;

namespace CpqSync.Cli;

/// <summary>
/// What <c>cpqsync sync order</c> prints about one sync: the Stripe objects with their Dashboard links, or each error
/// with what to do about it. <c>--json</c> prints the same as one document (docs/cli.md).
/// </summary>
public static class OrderSyncReport
{
    public static string Describe(SyncResult result, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        var calls = string.Create(CultureInfo.InvariantCulture,
            $"{result.SalesforceCalls} Salesforce calls, {result.StripeCalls} Stripe calls, {result.Duration.TotalSeconds:0.0} s");
        switch (result.Status)
        {
            case OrderSyncStatus.Succeeded:
                text.AppendLine($"Order {result.RecordId} synced ({calls}).");
                foreach (var id in result.StripeIds)
                {
                    text.AppendLine($"  {id}  {StripeLinks.Dashboard(id, testMode)}".TrimEnd());
                }

                break;
            case OrderSyncStatus.Skipped or OrderSyncStatus.Unchanged when result.Succeeded:
                text.AppendLine($"Order {result.RecordId}: nothing to sync{(result.Message is null ? "" : $" ({result.Message})")} ({calls}).");
                break;
            default:
                text.AppendLine($"Order {result.RecordId} was not synced ({calls}); the Sync Record in Salesforce says the same.");
                AppendFailure(text, result);
                break;
        }

        return text.ToString();
    }

    public static JsonObject Json(SyncResult result, bool testMode)
    {
        ArgumentNullException.ThrowIfNull(result);
        var document = new JsonObject
        {
            ["order"] = result.RecordId,
            ["status"] = CliJson.Snake(result.Status.ToString()),
            ["stripe_objects"] = new JsonArray(result.StripeIds
                .Select(id => (JsonNode)new JsonObject { ["id"] = id, ["link"] = StripeLinks.Dashboard(id, testMode) })
                .ToArray()),
            ["errors"] = new JsonArray(Errors(result).Select(e => (JsonNode)e).ToArray()),
            ["salesforce_calls"] = result.SalesforceCalls,
            ["stripe_calls"] = result.StripeCalls,
            ["duration_ms"] = (long)result.Duration.TotalMilliseconds,
        };
        return document;
    }

    private static void AppendFailure(StringBuilder text, SyncResult result)
    {
        var rerun = $"cpqsync sync order {result.RecordId}";
        if (result.PlanErrors.Count > 0)
        {
            foreach (var error in result.PlanErrors)
            {
                text.AppendLine($"  {PlanSummary.Describe(error)}");
                text.AppendLine($"    {ErrorHints.For(error, rerun)}");
            }

            return;
        }

        if (result.StripeFailure is { } failure)
        {
            text.AppendLine($"  {result.ErrorCode}: Stripe refused {CliJson.Snake(failure.Kind.ToString())} for {failure.SourceRecordId}: "
                + $"{OneLine.Of(failure.Message)}{StripeDetails(failure)}");
            text.AppendLine($"    {StripeHint(failure, rerun)}");
            return;
        }

        text.AppendLine($"  {result.ErrorCode}: {OneLine.Of(result.Message)}");
        text.AppendLine(result.IsTransient ? $"    Temporary: run `{rerun}` again later."
            : result.Status == OrderSyncStatus.StripeFailed ? "    Check Stripe's message above and the connection's Stripe account (Stripe:ApiKey)."
            : "    Check the Salesforce record and the integration user's access.");
    }

    private static string StripeDetails(StripeApplyFailure failure)
    {
        var details = new[] { failure.Code, failure.Param is null ? null : $"param {failure.Param}", failure.RequestId }
            .Where(d => d is not null)
            .ToList();
        return details.Count == 0 ? "" : $" ({string.Join(", ", details)})";
    }

    private static string StripeHint(StripeApplyFailure failure, string rerun) => failure.IsTransient
        ? $"Temporary: run `{rerun}` again later; what Stripe already holds is reused, nothing is created twice."
        : $"Fix record {failure.SourceRecordId} in Salesforce (or the mapping), then run `{rerun}` again.";

    private static IEnumerable<JsonObject> Errors(SyncResult result)
    {
        var rerun = $"cpqsync sync order {result.RecordId}";
        foreach (var error in result.PlanErrors)
        {
            var json = new JsonObject
            {
                ["code"] = error.CodeName,
                ["message"] = error.Message,
                ["class"] = CliJson.Snake(error.Class.ToString()),
            };
            AddIfKnown(json, "object", error.RecordType);
            AddIfKnown(json, "record", error.RecordId);
            AddIfKnown(json, "field", error.Field);
            json["hint"] = ErrorHints.For(error, rerun);
            yield return json;
        }

        if (result.PlanErrors.Count == 0 && result.ErrorCode is not null)
        {
            var json = new JsonObject
            {
                ["code"] = result.ErrorCode,
                ["message"] = result.Message,
                ["class"] = result.IsTransient ? "transient" : "user",
            };
            if (result.StripeFailure is { } failure)
            {
                json["record"] = failure.SourceRecordId;
                json["stripe"] = new JsonObject
                {
                    ["operation"] = failure.OperationId,
                    ["http_status"] = failure.HttpStatus,
                    ["type"] = failure.ErrorType,
                    ["code"] = failure.Code,
                    ["param"] = failure.Param,
                    ["message"] = failure.Message,
                    ["request_id"] = failure.RequestId,
                };
            }

            yield return json;
        }
    }

    private static void AddIfKnown(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }
}
