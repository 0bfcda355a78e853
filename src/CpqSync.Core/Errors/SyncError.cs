namespace CpqSync.Core.Errors;

/// <summary>
/// Why an order cannot be planned: a stable code, the catalogue message, and the record and field at fault
/// (for a Sync Record's secondary record).
/// </summary>
public sealed record SyncError(SyncErrorCode Code, string Message, string? RecordType, string? RecordId, string? Field)
{
    public string CodeName => ErrorCatalogue.CodeName(Code);

    public ErrorClass Class => ErrorCatalogue.ClassOf(Code);

    public static SyncError Of(SyncErrorCode code, string? recordType, string? recordId, string? field, params object?[] args)
    {
        var message = ErrorCatalogue.Message(code, args);
        if (code == SyncErrorCode.RequiredMappingEmpty && recordType is not null && field is not null)
        {
            // The catalogue's wording (users search for it) does not say what was empty; the Sync Record must.
            message = $"{message} Empty: {recordType}.{field}.";
        }

        return new(code, message, recordType, recordId, field);
    }
}
