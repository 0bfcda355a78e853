namespace CpqSync.Web.Orders;

/// <summary>Addresses of records in the connected org, for links from the web app's lists and pages.</summary>
public static class SalesforceLinks
{
    /// <summary>
    /// The record's page in Lightning Experience (<c>{instance}/lightning/r/{Object}/{Id}/view</c>), or in Salesforce
    /// Classic (<c>{instance}/{Id}</c>, which Lightning also redirects) when <paramref name="objectName"/> is not given.
    /// <see langword="null"/> when the instance URL is not known.
    /// </summary>
    public static Uri? RecordUrl(string? instanceUrl, string recordId, string? objectName = null)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        if (string.IsNullOrWhiteSpace(instanceUrl) || !Uri.TryCreate(instanceUrl.TrimEnd('/') + "/", UriKind.Absolute, out var instance))
        {
            return null;
        }

        var id = Uri.EscapeDataString(recordId);
        return new Uri(instance, objectName is null ? id : $"lightning/r/{Uri.EscapeDataString(objectName)}/{id}/view");
    }
}
