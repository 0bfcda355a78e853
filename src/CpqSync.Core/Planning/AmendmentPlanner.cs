namespace CpqSync.Core.Planning;

/// <summary>Amendment orders → a new phase on the initial order's schedule (spec §7).</summary>
internal static class AmendmentPlanner
{
    public static PlanShape Plan(PlanContext context)
    {
        context.Warn("AMENDMENT_NOT_PLANNED", $"Order '{context.Order.Id}' is an amendment; amendments are not planned yet.", context.Order.Id);
        return PlanShape.None;
    }
}
