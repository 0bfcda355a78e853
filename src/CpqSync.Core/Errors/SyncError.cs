namespace CpqSync.Core.Errors;

/// <summary>
/// Why an order cannot be planned: a stable code, the catalogue message, and the record and field at fault
/// (for a Sync Record's secondary record).
/// </summary>
public sealed record SyncError(SyncErrorCode Code, string Message, string? RecordType, string? RecordId, string? Field)
{
    public string CodeName => ErrorCatalogue.CodeName(Code);

    public ErrorClass Class => ErrorCatalogue.ClassOf(Code);

    public static SyncError Of(SyncErrorCode code, string? recordType, string? recordId, string? field, params object?[] args) =>
        new(code, ErrorCatalogue.Message(code, args), recordType, recordId, field);
}
