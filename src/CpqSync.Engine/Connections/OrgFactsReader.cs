using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CpqSync.Salesforce;

namespace CpqSync.Engine.Connections;

/// <summary>
/// Reads <see cref="OrgFacts"/> from the org in two calls, counted like every call of the client: one composite call
/// for <c>CurrencyType</c> (absent in a single-currency org) and <c>Organization</c>, which also describes the objects a
/// sync reads (<see cref="SalesforceClient.DescribeManyAsync(IEnumerable{string}, IReadOnlyList{CompositeSubrequest}, CancellationToken)"/>), and the Tooling API's
/// <c>InstalledSubscriberPackage</c> for the CPQ package (namespace <c>SBQQ</c>), which a composite call can't carry.
/// </summary>
public sealed class OrgFactsReader(SalesforceClient salesforce, TimeProvider time)
{
    /// <summary>CPQ's managed package namespace.</summary>
    public const string CpqNamespace = "SBQQ";

    /// <exception cref="SalesforceApiException">The org can't be read (unreachable, session refused, no access to Organization).</exception>
    public async Task<OrgFacts> ReadAsync(CancellationToken cancellationToken)
    {
        // One composite call for the currencies and the organization: CurrencyType is absent in a single-currency org, and
        // Organization.DefaultCurrencyIsoCode (the currency of a single-currency org) is asked apart, as a multi-currency org
        // takes its corporate currency from CurrencyType.
        // The objects a sync reads are described in the same call (cached by the client): a first backfill or sync after
        // detection then describes nothing.
        var responses = (await salesforce.DescribeManyAsync(
            Snapshots.PlannerFields.AllObjects,
            [
                Query("currencies", Soql.Query($"SELECT IsoCode, IsCorporate FROM CurrencyType WHERE IsActive = true")),
                Query("organization", Soql.Query(
                    $"SELECT Id, Name, IsSandbox, OrganizationType, DefaultLocaleSidKey, TimeZoneSidKey, LanguageLocaleKey FROM Organization")),
                Query("defaultCurrency", Soql.Query($"SELECT DefaultCurrencyIsoCode FROM Organization")),
            ],
            cancellationToken).ConfigureAwait(false)).Alongside;
        var currencies = Currencies(responses[0]);
        var multiCurrency = currencies is not null;
        var organization = FirstRecord(responses[1])
            ?? throw new SalesforceApiException(
                HttpStatusCode.OK, [new SalesforceError("UNEXPECTED_RESPONSE", "The Organization query answered no record.", [])], null);
        var (packagesRead, cpqVersion) = await ReadCpqVersionAsync(cancellationToken).ConfigureAwait(false);
        var corporate = multiCurrency
            ? currencies!.FirstOrDefault(c => c.Corporate).IsoCode
            : Text(FirstRecord(responses[2]) ?? new JsonObject(), "DefaultCurrencyIsoCode");
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

    private static CompositeSubrequest Query(string referenceId, SoqlQuery query) =>
        new(HttpMethod.Get, "query?q=" + Uri.EscapeDataString(query.Text), referenceId);

    /// <returns>The active currencies, or null when the org has no <c>CurrencyType</c> (multi-currency off).</returns>
    private static List<(string IsoCode, bool Corporate)>? Currencies(CompositeSubresponse response)
    {
        if (response.Error is { ErrorCode: "INVALID_TYPE" })
        {
            return null; // "sObject type 'CurrencyType' is not supported": a single-currency org.
        }

        return Records(response)
            .Select(r => (IsoCode: Text(r, "IsoCode") ?? "", Corporate: r["IsCorporate"]?.GetValue<bool>() ?? false))
            .Where(c => c.IsoCode.Length > 0)
            .ToList();
    }

    /// <exception cref="SalesforceApiException">The subrequest failed.</exception>
    private static IEnumerable<JsonObject> Records(CompositeSubresponse response) =>
        response.Error is { } error ? throw error : (response.Body?["records"] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonObject? FirstRecord(CompositeSubresponse response) => Records(response).FirstOrDefault();

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
