using CpqSync.Core.Errors;

namespace CpqSync.Core.Planning;

/// <summary>Unwinds the planner once validation errors make a plan impossible; never escapes <see cref="SyncPlanner"/>.</summary>
internal sealed class PlanningFailedException(IReadOnlyList<SyncError> errors) : Exception(errors[0].Message)
{
    public IReadOnlyList<SyncError> Errors { get; } = errors;
}
