using CpqSync.Core.Errors;

namespace CpqSync.Cli;

/// <summary>
/// What to do about a catalogue error, in one sentence: where to fix the data for a user error, when to try again for
/// a transient one. The catalogue's own message says what is wrong; this says what to do.
/// </summary>
public static class ErrorHints
{
    public static string For(SyncError error, string rerun)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Class switch
        {
            ErrorClass.User => $"Fix {Where(error)} in Salesforce, then run `{rerun}` again.",
            ErrorClass.Transient => $"Temporary: run `{rerun}` again later.",
            _ => "CpqSync could not handle this case: please report it with the order's id.",
        };
    }

    private static string Where(SyncError error) => (error.Field, error.RecordType, error.RecordId) switch
    {
        ({ } field, { } type, { } id) => $"{field} on {type} {id}",
        ({ } field, _, _) => field,
        (null, { } type, { } id) => $"{type} {id}",
        _ => "the order",
    };
}
