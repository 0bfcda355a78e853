using System.Text.Encodings.Web;
using System.Text.Json;
using CpqSync.Core.Errors;

namespace CpqSync.Core.Planning;

/// <summary>
/// Readable JSON of a plan or of planning errors: what <c>preview</c> shows. Written by hand with
/// <see cref="Utf8JsonWriter"/> so key order is the plan's order and the output is byte-for-byte stable.
/// </summary>
public static class PlanJson
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(PlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            if (result.Plan is { } plan)
            {
                WritePlan(writer, plan);
            }
            else
            {
                writer.WriteStartObject();
                WriteErrors(writer, result.Errors);
                writer.WriteEndObject();
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePlan(Utf8JsonWriter writer, SyncPlan plan)
    {
        writer.WriteStartObject();
        writer.WriteString("order", plan.OrderId);
        writer.WriteString("shape", Snake(plan.Shape.ToString()));
        writer.WriteStartArray("operations");
        foreach (var operation in plan.Operations)
        {
            writer.WriteStartObject();
            writer.WriteString("id", operation.Id);
            writer.WriteString("kind", PlanContext.SnakeCase(operation.Kind));
            writer.WriteString("request", $"{operation.Method} {operation.Path}");
            if (operation.Target is { } target)
            {
                writer.WritePropertyName("target");
                WriteValue(writer, target);
            }

            writer.WriteString("idempotency_key", operation.IdempotencyKey);
            writer.WriteString("source", operation.SourceRecordId);
            writer.WriteStartObject("params");
            foreach (var (name, value) in operation.Params)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("write_backs");
        foreach (var write in plan.WriteBacks)
        {
            writer.WriteStartObject();
            writer.WriteString("action", write.Kind == SalesforceWriteKind.Update ? "update" : "create");
            writer.WriteString("object", write.SObjectType);
            if (write.RecordId is not null)
            {
                writer.WriteString("id", write.RecordId);
            }

            writer.WriteStartObject("fields");
            foreach (var (name, value) in write.Fields)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var warning in plan.Warnings)
        {
            writer.WriteStartObject();
            writer.WriteString("code", warning.Code);
            writer.WriteString("message", warning.Message);
            if (warning.RecordId is not null)
            {
                writer.WriteString("record", warning.RecordId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteErrors(Utf8JsonWriter writer, IReadOnlyList<SyncError> errors)
    {
        writer.WriteStartArray("errors");
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            writer.WriteString("code", error.CodeName);
            writer.WriteString("message", error.Message);
            writer.WriteString("class", error.Class.ToString().ToLowerInvariant());
            if (error.RecordType is not null)
            {
                writer.WriteString("object", error.RecordType);
            }

            if (error.RecordId is not null)
            {
                writer.WriteString("record", error.RecordId);
            }

            if (error.Field is not null)
            {
                writer.WriteString("field", error.Field);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Literal values are JSON strings (Stripe's form encoding is text); references are <c>{"$ref": …}</c>.</summary>
    private static void WriteValue(Utf8JsonWriter writer, ParamValue value)
    {
        if (!value.IsReference)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("$ref", value.Ref);
        if (value.Format is not null)
        {
            writer.WriteString("format", value.Format);
        }

        writer.WriteEndObject();
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
