namespace CpqSync.Engine.WriteBack;

/// <summary>
/// The sObject type behind a record id, from its key prefix, for a Sync Record's secondary record when the source
/// gave only an id. Standard prefixes are fixed across orgs; custom objects' are not, so they stay unnamed.
/// </summary>
internal static class RecordTypes
{
    private static readonly Dictionary<string, string> ByPrefix = new(StringComparer.Ordinal)
    {
        ["001"] = "Account",
        ["01t"] = "Product2",
        ["01u"] = "PricebookEntry",
        ["01s"] = "Pricebook2",
        ["800"] = "Contract",
        ["801"] = "Order",
        ["802"] = "OrderItem",
        ["006"] = "Opportunity",
        ["003"] = "Contact",
    };

    public static string? Of(string? id) =>
        id is { Length: >= 3 } && ByPrefix.TryGetValue(id[..3], out var type) ? type : null;
}
