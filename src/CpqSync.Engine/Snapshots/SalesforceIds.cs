namespace CpqSync.Engine.Snapshots;

/// <summary>The shape of a Salesforce record id: 15 or 18 letters and digits.</summary>
public static class SalesforceIds
{
    public static bool IsWellFormed(string? id) =>
        id is { Length: 15 or 18 } && id.All(char.IsAsciiLetterOrDigit);
}
