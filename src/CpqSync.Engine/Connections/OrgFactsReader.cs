using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Connections;

/// <summary>
/// Reads <see cref="OrgFacts"/> from the org in three calls, counted like every call of the client:
/// <c>CurrencyType</c> (absent in a single-currency org), <c>Organization</c>, and the Tooling API's
/// <c>InstalledSubscriberPackage</c> for the CPQ package (namespace <c>SBQQ</c>).
/// </summary>
public sealed class OrgFactsReader(SalesforceClient salesforce, TimeProvider time)
{
    /// <summary>CPQ's managed package namespace.</summary>
    public const string CpqNamespace = "SBQQ";

    /// <exception cref="SalesforceApiException">The org can't be read (unreachable, session refused, no access to Organization).</exception>
    public async Task<OrgFacts> ReadAsync(CancellationToken cancellationToken)
    {
        var currencies = await ReadCurrenciesAsync(cancellationToken).ConfigureAwait(false);
        var multiCurrency = currencies is not null;
        // Organization.DefaultCurrencyIsoCode is the currency of a single-currency org; with multi-currency the
        // corporate currency comes from CurrencyType.
        var organization = (multiCurrency
            ? await salesforce.QueryPageAsync(Soql.Query(
                $"SELECT Id, Name, IsSandbox, OrganizationType, DefaultLocaleSidKey, TimeZoneSidKey, LanguageLocaleKey FROM Organization"),
                cancellationToken: cancellationToken).ConfigureAwait(false)
            : await salesforce.QueryPageAsync(Soql.Query(
                $"SELECT Id, Name, IsSandbox, OrganizationType, DefaultLocaleSidKey, TimeZoneSidKey, LanguageLocaleKey, DefaultCurrencyIsoCode FROM Organization"),
                cancellationToken: cancellationToken).ConfigureAwait(false))
            .Records.FirstOrDefault()
            ?? throw new SalesforceApiException(
                HttpStatusCode.OK, [new SalesforceError("UNEXPECTED_RESPONSE", "The Organization query answered no record.", [])], null);
        var (packagesRead, cpqVersion) = await ReadCpqVersionAsync(cancellationToken).ConfigureAwait(false);
        var corporate = multiCurrency
            ? currencies!.FirstOrDefault(c => c.Corporate).IsoCode
            : Text(organization, "DefaultCurrencyIsoCode");
        var active = multiCurrency
            ? currencies!.OrderByDescending(c => c.Corporate).ThenBy(c => c.IsoCode, StringComparer.Ordinal).Select(c => c.IsoCode).ToList()
            : corporate is null ? [] : [corporate];
        return new OrgFacts
        {
            OrganizationId = Text(organization, "Id") ?? "",
            OrganizationName = Text(organization, "Name") ?? "",
            IsSandbox = organization["IsSandbox"]?.GetValue<bool>() ?? false,
            OrganizationType = Text(organization, "OrganizationType"),
            TimeZoneSidKey = Text(organization, "TimeZoneSidKey") ?? "GMT",
            Locale = Text(organization, "DefaultLocaleSidKey"),
            Language = Text(organization, "LanguageLocaleKey"),
            MultiCurrency = multiCurrency,
            CorporateCurrency = corporate,
            ActiveCurrencies = active,
            CpqVersion = cpqVersion,
            PackagesRead = packagesRead,
            ApiVersion = salesforce.ApiVersion,
            DetectedAt = time.GetUtcNow(),
        };
    }

    /// <returns>The active currencies, or null when the org has no <c>CurrencyType</c> (multi-currency off).</returns>
    private async Task<List<(string IsoCode, bool Corporate)>?> ReadCurrenciesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var page = await salesforce.QueryPageAsync(
                Soql.Query($"SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true"), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return page.Records
                .Select(r => (IsoCode: Text(r, "IsoCode") ?? "", Corporate: r["IsCorporate"]?.GetValue<bool>() ?? false))
                .Where(c => c.IsoCode.Length > 0)
                .ToList();
        }
        catch (SalesforceApiException e) when (e.ErrorCode == "INVALID_TYPE")
        {
            return null; // "sObject type 'CurrencyType' is not supported": a single-currency org.
        }
    }

    /// <summary>
    /// The CPQ package's version from the Tooling API. A user without "View Setup and Configuration" can't read it;
    /// that is no reason to fail detection, so the version is then unknown.
    /// </summary>
    private async Task<(bool Read, string? Version)> ReadCpqVersionAsync(CancellationToken cancellationToken)
    {
        QueryPage page;
        try
        {
            page = await salesforce.ToolingQueryPageAsync(Soql.Query(
                $"SELECT SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage"),
                cancellationToken).ConfigureAwait(false);
        }
        catch (SalesforceApiException e) when (!e.IsTransient && e.StatusCode != HttpStatusCode.Unauthorized)
        {
            return (false, null);
        }

        var cpq = page.Records.FirstOrDefault(r =>
            string.Equals(r["SubscriberPackage"]?["NamespacePrefix"]?.GetValue<string>(), CpqNamespace, StringComparison.OrdinalIgnoreCase));
        if (cpq?["SubscriberPackageVersion"] is not JsonObject version)
        {
            return (true, null);
        }

        var parts = new[] { "MajorVersion", "MinorVersion", "PatchVersion", "BuildNumber" }
            .Select(p => version[p]?.GetValue<decimal>() is { } n ? ((long)n).ToString(CultureInfo.InvariantCulture) : "0");
        return (true, string.Join('.', parts));
    }

    private static string? Text(JsonObject record, string field) =>
        record[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
