using System.Text;
using CpqSync.Core.Errors;
using CpqSync.Core.Planning;

namespace CpqSync.Cli;

/// <summary>
/// A plan (or the errors that stop it) as a person reads it: each Stripe call with its kind, request, target and
/// first parameters; the write-backs; the warnings. <c>--json</c> prints everything through <see cref="PlanJson"/>.
/// </summary>
public static class PlanSummary
{
    /// <summary>How many parameters of one call are shown; the rest are counted (all are in <c>--json</c>).</summary>
    private const int ShownParams = 8;

    public static string Describe(PlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        if (result.Plan is not { } plan)
        {
            text.AppendLine($"The order can't be synced: {Count(result.Errors.Count, "error")}.");
            foreach (var error in result.Errors)
            {
                text.AppendLine($"  {Describe(error)}");
            }

            return text.ToString();
        }

        text.AppendLine($"Order {plan.OrderId}: {Snake(plan.Shape.ToString())}, {Count(plan.Operations.Count, "Stripe operation")}, "
            + $"{Count(plan.WriteBacks.Count, "write-back")}, {Count(plan.Warnings.Count, "warning")}.");
        AppendOperations(text, plan.Operations);
        AppendWriteBacks(text, plan.WriteBacks);
        AppendWarnings(text, plan.Warnings);
        text.AppendLine("Preview only: nothing was written to Stripe or Salesforce.");
        return text.ToString();
    }

    /// <summary><c>CODE: message (record Type Id, field Name)</c>.</summary>
    public static string Describe(SyncError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var where = new List<string>();
        if (error.RecordId is not null || error.RecordType is not null)
        {
            where.Add($"record {string.Join(' ', new[] { error.RecordType, error.RecordId }.Where(p => p is not null))}");
        }

        if (error.Field is not null)
        {
            where.Add($"field {error.Field}");
        }

        return where.Count == 0 ? $"{error.CodeName}: {error.Message}" : $"{error.CodeName}: {error.Message} ({string.Join(", ", where)})";
    }

    private static void AppendOperations(StringBuilder text, IReadOnlyList<StripeOperation> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine("Stripe operations");
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i];
            var target = operation.Target is { } t ? $" on {Value(t)}" : string.Empty;
            text.AppendLine($"  {i + 1}. {Snake(operation.Kind.ToString())}  {operation.Method} {operation.Path}{target}  (from {operation.SourceRecordId})");
            // A call of several lines (an invoice's add_lines) shows the first parameters of each line, not of the first only.
            var shown = operation.Params.GroupBy(static p => Element(p.Key), StringComparer.Ordinal).SelectMany(static g => g.Take(ShownParams)).ToList();
            foreach (var (name, value) in shown)
            {
                text.AppendLine($"       {name} = {Value(value)}");
            }

            if (operation.Params.Count > shown.Count)
            {
                text.AppendLine($"       … and {operation.Params.Count - shown.Count} more (see --json)");
            }
        }
    }

    private static void AppendWriteBacks(StringBuilder text, IReadOnlyList<SalesforceWrite> writeBacks)
    {
        if (writeBacks.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine("Salesforce write-backs");
        foreach (var write in writeBacks)
        {
            var action = write.Kind == SalesforceWriteKind.Update ? "update" : "create";
            var fields = string.Join(", ", write.Fields.Select(f => $"{f.Key} = {Value(f.Value)}"));
            text.AppendLine($"  {action} {write.SObjectType}{(write.RecordId is null ? "" : " " + write.RecordId)}: {fields}");
        }
    }

    private static void AppendWarnings(StringBuilder text, IReadOnlyList<PlanWarning> warnings)
    {
        if (warnings.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine("Warnings");
        foreach (var warning in warnings)
        {
            text.AppendLine($"  {warning.Code}: {warning.Message}{(warning.RecordId is null ? "" : $" (record {warning.RecordId})")}");
        }
    }

    /// <summary>The element of a call's <c>lines</c> list a parameter belongs to (<c>lines[2]</c>), or none.</summary>
    private static string Element(string name) =>
        name.StartsWith("lines[", StringComparison.Ordinal) && name.IndexOf(']', StringComparison.Ordinal) is var end and > 0 ? name[..(end + 1)] : "";

    /// <summary>Literals as text; a value another call produces as <c>${operation id}</c>, as in the plan's JSON.</summary>
    private static string Value(ParamValue value) => value.ToString();

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
