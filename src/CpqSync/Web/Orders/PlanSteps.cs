using CpqSync.Core.Planning;

namespace CpqSync.Web.Orders;

/// <summary>One Stripe call of a plan, as a sentence ("Create subscription schedule") with its parameters.</summary>
public sealed record PlanStep(int Number, string Action, string Request, string? Target, string SourceRecordId, IReadOnlyList<KeyValuePair<string, string>> Params)
{
    public static IReadOnlyList<PlanStep> From(SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Operations
            .Select((op, i) => new PlanStep(
                i + 1,
                Sentence(op.Kind.ToString()),
                $"{op.Method} {op.Path}",
                op.Target?.ToString(),
                op.SourceRecordId,
                op.Params.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString())).ToList()))
            .ToList();
    }

    // "CreateSubscriptionSchedule" -> "Create subscription schedule".
    private static string Sentence(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
